// Model cards (renderer/src/lib/markdown.ts): CommonMark read by markdown-it into plain nodes. The
// cases are what the hand-written reader got wrong (a review found them) and what a hostile card might try.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMarkdown, textOf, type MdNode } from '../../renderer/src/lib/markdown.ts';

function tags(nodes: MdNode[]): string[] {
  return nodes.flatMap((n) => (n.kind === 'text' ? [] : [n.tag, ...tags(n.children)]));
}

test('a list item continued on the next line stays one item, and snake_case names keep their underscores', () => {
  const [list] = parseMarkdown('- trained on the_div2k_set, with crops\n  of 128 px and a `tile_size` knob\n- second item\n');
  assert.ok(list?.kind === 'element' && list.tag === 'ul');
  assert.equal(list.children.length, 2);
  assert.equal(textOf([list.children[0]!]), 'trained on the_div2k_set, with crops of 128 px and a tile_size knob');
  assert.deepEqual(tags(list.children), ['li', 'code', 'li']);
});

test('headings, emphasis, ordered lists with their start, tables with alignment and code blocks', () => {
  const nodes = parseMarkdown('# Card\n\nTrained on **photos** and _scans_.\n\n3. three\n4. four\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```\nx = 1\n```\n');
  assert.deepEqual(
    nodes.map((n) => n.kind === 'element' && n.tag),
    ['h1', 'p', 'ol', 'table', 'pre'],
  );
  const ol = nodes[2]!;
  assert.ok(ol.kind === 'element' && ol.start === 3);
  assert.deepEqual(tags([nodes[1]!]), ['p', 'strong', 'em']);
  const cells = (nodes[3] as Extract<MdNode, { kind: 'element' }>).children[1]!;
  assert.deepEqual(JSON.stringify(cells).match(/"align":"\w+"/g), ['"align":"left"', '"align":"right"']);
  assert.equal(textOf([nodes[4]!]), 'x = 1');
});

test('raw HTML stays text, javascript: and relative links are not kept, images become their description', () => {
  const nodes = parseMarkdown(
    '<script>alert(1)</script>\n\nSee <img src=x onerror=alert(1)> [ok](https://x.org) [bad](javascript:alert(1)) [rel](../secret) ![a chart](chart.png)\n',
  );
  assert.ok(!tags(nodes).some((t) => !['p', 'link'].includes(t)), `only paragraphs and links: ${tags(nodes).join(',')}`);
  assert.equal(textOf([nodes[0]!]), '<script>alert(1)</script>');
  const links = JSON.stringify(nodes).match(/"href":"[^"]*"/g);
  assert.deepEqual(links, ['"href":"https://x.org"'], 'only the https link keeps its address');
  assert.match(textOf(nodes), /a chart/);
});
