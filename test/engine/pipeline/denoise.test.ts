import { test } from 'node:test';
import assert from 'node:assert/strict';
import { denoiseImage } from '../../../electron/engine/pipeline/denoise.ts';
import { createPrng } from '../../../electron/engine/pipeline/prng.ts';
import type { FloatImage } from '../../../electron/engine/types.ts';

/** A hard vertical edge (0.2 | 0.8) with seeded noise of ±0.04 on top. */
function noisyEdge(): { clean: FloatImage; noisy: FloatImage } {
  const w = 24;
  const h = 16;
  const clean = new Float32Array(3 * w * h);
  const noisy = new Float32Array(3 * w * h);
  const g = createPrng(3);
  for (let i = 0; i < clean.length; i++) {
    clean[i] = i % w < w / 2 ? 0.2 : 0.8;
    noisy[i] = clean[i]! + (g.nextFloat() - 0.5) * 0.08;
  }
  return { clean: { width: w, height: h, channels: 3, data: clean }, noisy: { width: w, height: h, channels: 3, data: noisy } };
}

const rmse = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length);

test('0 leaves the input untouched', () => {
  const { noisy } = noisyEdge();
  assert.equal(denoiseImage(noisy, 0), noisy);
});

test('stronger denoise removes more noise while the edge keeps its contrast', () => {
  const { clean, noisy } = noisyEdge();
  let previous = rmse(noisy.data, clean.data);
  for (const strength of [0.25, 0.5, 1]) {
    const out = denoiseImage(noisy, strength);
    assert.deepEqual(out.data, denoiseImage(noisy, strength).data, 'deterministic');
    const error = rmse(out.data, clean.data);
    assert.ok(error < previous, `strength ${strength}: ${error} >= ${previous}`);
    previous = error;
    // Pixels either side of the edge stay far apart (a blur would meet in the middle).
    const row = 8 * 24;
    assert.ok(out.data[row + 12]! - out.data[row + 11]! > 0.5);
  }
  assert.ok(
    noisy.data.every((v, i) => v === noisyEdge().noisy.data[i]),
    'the input is not modified',
  );
});
