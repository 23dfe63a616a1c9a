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
  assert.throws(() => lumaGapMap(a, image(4, 2, () => [0, 0, 0]), { width: 1, height: 1 }), /one size/);
  assert.throws(() => lumaGapMap(a, a, { width: 3, height: 1 }), /fit/);
});
