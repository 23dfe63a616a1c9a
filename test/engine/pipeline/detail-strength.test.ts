import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDetailStrength } from '../../../electron/engine/pipeline/detail-strength.ts';
import { resizePlanar } from '../../../electron/engine/pipeline/resample.ts';
import { DvarError } from '../../../electron/engine/errors.ts';
import { maxAbsDiff, syntheticImage } from '../../helpers/fixtures.ts';

const lq = syntheticImage(12, 8, 2);
const restored = syntheticImage(48, 32, 9);

/** Sum of squared differences between horizontal neighbours of the green plane: local contrast. */
function highPassEnergy(image: { data: Float32Array; width: number; height: number }): number {
  const { width: w, height: h } = image;
  let sum = 0;
  for (let y = 0; y < h; y++) for (let x = 1; x < w; x++) sum += (image.data[w * h + y * w + x]! - image.data[w * h + y * w + x - 1]!) ** 2;
  return sum;
}

test('1 keeps the restored tile, 0 gives the bicubic upscale', () => {
  assert.equal(applyDetailStrength(restored, lq, 1), restored);
  const bicubic = resizePlanar(lq.data, 3, 8, 12, 32, 48, 'bicubic').map((v) => Math.min(1, Math.max(0, v)));
  assert.ok(maxAbsDiff(applyDetailStrength(restored, lq, 0).data, bicubic) < 1e-6);
});

test('the distance to the restored tile shrinks monotonically as detail grows, deterministically', () => {
  let previous = Infinity;
  for (const detail of [0, 0.25, 0.5, 0.75, 1]) {
    const out = applyDetailStrength(restored, lq, detail);
    assert.deepEqual(out.data, applyDetailStrength(restored, lq, detail).data);
    let distance = 0;
    for (let i = 0; i < out.data.length; i++) distance += Math.abs(out.data[i]! - restored.data[i]!);
    assert.ok(distance < previous, `detail ${detail}: ${distance} >= ${previous}`);
    previous = distance;
  }
  assert.equal(previous, 0);
});

test('above 1 the fine luma detail is sharpened, more with more detail, colour unchanged', () => {
  let previous = highPassEnergy(restored);
  for (const detail of [1.25, 1.5]) {
    const out = applyDetailStrength(restored, lq, detail);
    assert.deepEqual(out.data, applyDetailStrength(restored, lq, detail).data, 'deterministic');
    const energy = highPassEnergy(out);
    assert.ok(energy > previous, `detail ${detail}: ${energy} <= ${previous}`);
    previous = energy;
    // R, G and B move by the same amount wherever nothing was clamped: luma moves, colour does not.
    const n = out.width * out.height;
    for (let i = 0; i < n; i++) {
      const moved = [0, 1, 2].map((c) => out.data[c * n + i]! - restored.data[c * n + i]!);
      const clamped = [0, 1, 2].some((c) => out.data[c * n + i] === 0 || out.data[c * n + i] === 1);
      if (!clamped) assert.ok(Math.abs(moved[0]! - moved[1]!) < 1e-6 && Math.abs(moved[1]! - moved[2]!) < 1e-6, `pixel ${i}`);
    }
  }
});

test('a strength outside 0..1.5 is refused with one sentence', () => {
  assert.throws(
    () => applyDetailStrength(restored, lq, 1.6),
    (e: unknown) => e instanceof DvarError && e.code === 'USAGE' && /between 0 and 1\.5/.test(e.message),
  );
  assert.throws(() => applyDetailStrength(restored, lq, -0.1), DvarError);
  assert.throws(() => applyDetailStrength(restored, lq, NaN), DvarError);
});
