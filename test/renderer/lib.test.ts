// The renderer's pure helpers: pasted/dropped path parsing, durations, naming preview (model cards: markdown.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksLikePaths, parsePaths } from '../../renderer/src/lib/paths.ts';
import { formatDuration } from '../../renderer/src/lib/format.ts';
import { previewName } from '../../renderer/src/batch/naming.ts';

test('pasted paths: one per line, quotes stripped, file:// URLs decoded, duplicates and comments dropped', () => {
  const text = '"/photos/a b.jpg"\r\nfile:///photos/%C3%A9t%C3%A9.png\n\n# uri-list comment\n/photos/a b.jpg\nfile:///C:/Users/x/p.jpg\n';
  assert.deepEqual(parsePaths(text), ['/photos/a b.jpg', '/photos/été.png', 'C:/Users/x/p.jpg']);
  assert.equal(looksLikePaths('/home/me/photos\nC:\\pics\\x.jpg'), true);
  assert.equal(looksLikePaths('hello world'), false);
});

test('durations read naturally', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(95_000), '1 min 35 s');
});

test('naming template preview fills every token', () => {
  assert.match(previewName('{name}-{date}-x{scale}-{format}', 4, 'png'), /^IMG_0042-\d{4}-\d\d-\d\d-x4-png\.png$/);
});
