import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lumaGapMap } from '../../electron/engine/pipeline/detail-doubt.ts';
import type { FloatImage } from '../../electron/engine/types.ts';

function image(w: number, h: number, rgb: (x: number, y: number) => [number, number, number]): FloatImage {
  const n = w * h;
  const data = new Float32Array(3 * n);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgb(x, y).forEach((v, c) => (data[c * n + y * w + x] = v));
  return { width: w, height: h, channels: 3, data };
}

test('the detail doubt is the mean luma gap of each cell, whatever its sign', () => {
  const flat = image(4, 2, () => [0.5, 0.5, 0.5]);
  // Left cell: +0.2 and −0.2 in grey (luma moves by the same), right cell: only red up by 0.5 on one pixel of four.
  const made = image(4, 2, (x, y) => (x < 2 ? (y === 0 ? [0.7, 0.7, 0.7] : [0.3, 0.3, 0.3]) : x === 3 && y === 1 ? [1, 0.5, 0.5] : [0.5, 0.5, 0.5]));
  const map = lumaGapMap(made, flat, { width: 2, height: 1 });
  assert.equal(map.width, 2);
  assert.equal(map.height, 1);
  assert.ok(Math.abs(map.data[0]! - 0.2) < 1e-6, String(map.data[0]));
  assert.ok(Math.abs(map.data[1]! - (0.299 * 0.5) / 4) < 1e-6, String(map.data[1]));
});

test('a colour shift that keeps luma is no doubt; mismatched sizes and grids are refused', () => {
  const a = image(2, 2, () => [0.5, 0.5, 0.5]);
  const b = image(2, 2, () => [0.5 + 0.1 / 0.299, 0.5 - 0.1 / 0.587, 0.5]); // luma unchanged
  assert.ok(lumaGapMap(a, b, { width: 1, height: 1 }).data[0]! < 1e-6);
  assert.throws(
    () =>
      lumaGapMap(
        a,
        image(4, 2, () => [0, 0, 0]),
        { width: 1, height: 1 },
      ),
    /one size/,
  );
  assert.throws(() => lumaGapMap(a, a, { width: 3, height: 1 }), /fit/);
});

test('a restore with the entropy map reports one detail doubt per tile, on the latent grid of the tile it covers', async () => {
  const { DvarEngine } = await import('../../electron/engine/index.ts');
  const { TINY_PACK, syntheticImage } = await import('../helpers/fixtures.ts');
  const engine = await DvarEngine.open(TINY_PACK, { threads: 1 });
  try {
    const doubts: { tileIndex: number; tile: { width: number; height: number }; entropyMap: { width: number; height: number; data: Float32Array } }[] = [];
    const result = await engine.restore(syntheticImage(40, 24, 3), { entropy: 'map', tile: 16, previewMaxSide: 0 }, { onTileDoubt: (d) => doubts.push(d) });
    assert.equal(doubts.length, result.tiles.length);
    assert.deepEqual(
      doubts.map((d) => d.tileIndex),
      result.tiles.map((_, i) => i),
    );
    const { upscale, latent } = engine.manifest;
    for (const d of doubts) {
      assert.equal(d.entropyMap.width, (d.tile.width * upscale) / latent.downsample);
      assert.equal(d.entropyMap.height, (d.tile.height * upscale) / latent.downsample);
      assert.ok(d.entropyMap.data.every((v) => Number.isFinite(v) && v >= 0));
    }
    const none: unknown[] = [];
    await engine.restore(syntheticImage(40, 24, 3), { tile: 16, previewMaxSide: 0 }, { onTileDoubt: (d) => none.push(d) });
    assert.equal(none.length, 0, 'no doubt without the entropy map');
  } finally {
    await engine.close();
  }
});
