// The renderer's pure helpers: pasted/dropped path parsing, the model-card Markdown reader, naming preview.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMarkdown, parseInline } from '../../renderer/src/lib/markdown.ts';
import { looksLikePaths, parsePaths } from '../../renderer/src/lib/paths.ts';
import { formatDuration } from '../../renderer/src/lib/format.ts';
import { previewName } from '../../renderer/src/batch/naming.ts';

test('pasted paths: one per line, quotes stripped, file:// URLs decoded, duplicates and comments dropped', () => {
  const text = '"/photos/a b.jpg"\r\nfile:///photos/%C3%A9t%C3%A9.png\n\n# uri-list comment\n/photos/a b.jpg\nfile:///C:/Users/x/p.jpg\n';
  assert.deepEqual(parsePaths(text), ['/photos/a b.jpg', '/photos/été.png', 'C:/Users/x/p.jpg']);
  assert.equal(looksLikePaths('/home/me/photos\nC:\\pics\\x.jpg'), true);
  assert.equal(looksLikePaths('hello world'), false);
});

test('model cards: headings, lists, tables, code and inline marks become plain data (no HTML)', () => {
  const blocks = parseMarkdown('# Card\n\nTrained on **photos**, see [paper](https://x.org).\n\n- one\n- `two`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n<script>x</script>\n```');
  assert.deepEqual(blocks.map((b) => b.kind), ['heading', 'paragraph', 'list', 'table', 'code']);
  assert.deepEqual(parseInline('a **b** *c* `d` [e](f)').map((p) => p.kind), ['text', 'strong', 'text', 'em', 'text', 'code', 'text', 'link']);
  const code = blocks[4]!;
  assert.ok(code.kind === 'code' && code.text === '<script>x</script>', 'kept as text, rendered as a text node');
});

test('durations read naturally', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(95_000), '1 min 35 s');
});

test('naming template preview fills every token', () => {
  assert.match(previewName('{name}-{date}-x{scale}-{format}', 4, 'png'), /^IMG_0042-\d{4}-\d\d-\d\d-x4-png\.png$/);
});
