import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDetailStrength } from '../../../electron/engine/pipeline/detail-strength.ts';
import { resizePlanar } from '../../../electron/engine/pipeline/resample.ts';
import { DvarError } from '../../../electron/engine/errors.ts';
import { maxAbsDiff, syntheticImage } from '../../helpers/fixtures.ts';

const lq = syntheticImage(12, 8, 2);
const restored = syntheticImage(48, 32, 9);

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

test('a strength outside 0..1 is refused with one sentence', () => {
  assert.throws(() => applyDetailStrength(restored, lq, 1.5), (e: unknown) => e instanceof DvarError && e.code === 'USAGE' && /between 0 and 1/.test(e.message));
  assert.throws(() => applyDetailStrength(restored, lq, NaN), DvarError);
});
