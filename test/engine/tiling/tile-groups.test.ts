import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TILE_GROUP, attentionScoreBytes, groupTiles, tileGroupSize } from '../../../electron/engine/tiling/tile-groups.ts';

const tile = (width: number, height = width) => ({ x: 0, y: 0, width, height });

test('groupTiles cuts runs of equal-size tiles at the group size', () => {
  const tiles = [tile(8), tile(8), tile(8), tile(8), tile(8)];
  assert.deepEqual(groupTiles(tiles, 2), [[0, 1], [2, 3], [4]]);
  assert.deepEqual(groupTiles(tiles, 1), [[0], [1], [2], [3], [4]]);
});

test('groupTiles never mixes tile sizes', () => {
  assert.deepEqual(groupTiles([tile(8), tile(8), tile(12), tile(8)], 4), [[0, 1], [2], [3]]);
});

test('tileGroupSize fits the memory budget, at least one tile, at most the cap', () => {
  const input = { bytesPerOutputPixel: 100, upscale: 4, budgetBytes: 0 };
  const pass = 10 * 10 * 16 * 100;
  assert.equal(tileGroupSize(tile(10), { ...input, budgetBytes: 3 * pass + 1 }), 3);
  assert.equal(tileGroupSize(tile(10), { ...input, budgetBytes: pass / 2 }), 1);
  assert.equal(tileGroupSize(tile(10), { ...input, budgetBytes: 1000 * pass }), MAX_TILE_GROUP);
  assert.equal(tileGroupSize(tile(10), { ...input, budgetBytes: 1000 * pass, cap: 2 }), 2);
});

test('tileGroupSize: a budget already spent (e.g. on a huge output) still runs one tile at a time', () => {
  assert.equal(tileGroupSize(tile(10), { bytesPerOutputPixel: 100, upscale: 4, budgetBytes: -5e8 }), 1);
});

test("tileGroupSize counts each tile's attention beside its per-pixel memory", () => {
  const input = { bytesPerOutputPixel: 100, upscale: 4, budgetBytes: 0 };
  const pass = 10 * 10 * 16 * 100;
  assert.equal(tileGroupSize(tile(10), { ...input, budgetBytes: 4 * pass }), 4);
  assert.equal(tileGroupSize(tile(10), { ...input, budgetBytes: 4 * pass, attentionBytes: pass }), 2);
});

test("attentionScoreBytes: the largest scale's scores and softmax, per head and per row; block-causal scales see the ones before", () => {
  // Scales of 1, 4 and 9 tokens; the prefix has the last scale's 9.
  const tokens = [1, 4, 9];
  assert.equal(attentionScoreBytes({ heads: 2, attention: 'prefix_current' }, tokens, 1), 2 * 4 * 2 * 9 * (9 + 9));
  assert.equal(attentionScoreBytes({ heads: 2, attention: 'block_causal' }, tokens, 1), 2 * 4 * 2 * 9 * (9 + 4 + 9));
  assert.equal(attentionScoreBytes({ heads: 2, attention: 'prefix_current' }, tokens, 2), 2 * 2 * 4 * 2 * 9 * 18, 'guidance runs two rows per tile');
  assert.equal(attentionScoreBytes({ heads: 2, attention: 'prefix_current' }, [1], 1), 0, 'one scale: no step runs');
});
