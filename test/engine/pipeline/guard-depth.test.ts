// The middle-band change that chooses the guard's depth per photo: nothing changed is 0; noise the
// result removed in the middle bands counts, a change only in the finest bands does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { midBandChange } from '../../../electron/engine/pipeline/guard-depth.ts';
import type { FloatImage } from '../../../electron/engine/types.ts';

const SIDE = 96;
function image(f: (x: number, y: number) => number): FloatImage {
  const data = new Float32Array(3 * SIDE * SIDE);
  for (let c = 0; c < 3; c++) for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) data[c * SIDE * SIDE + y * SIDE + x] = f(x, y);
  return { width: SIDE, height: SIDE, channels: 3, data };
}

test('the middle-band change: zero for an unchanged result, large for removed blotches, small for a finest-band change', () => {
  const smooth = (x: number, y: number) => 0.3 + 0.2 * (x / SIDE) + 0.05 * (y / SIDE);
  // Blotches about 16 px across: bands 3..5 of the guard's à-trous filter.
  const blotchy = image((x, y) => smooth(x, y) + 0.08 * Math.sin(x / 2.5) * Math.sin(y / 2.5));
  const clean = image(smooth);
  const same = midBandChange(blotchy, blotchy, 3, 6);
  assert.equal(same.changed, 0);
  assert.ok(same.reference > 0);
  const removed = midBandChange(clean, blotchy, 3, 6);
  const fine = midBandChange(
    image((x, y) => smooth(x, y) + 0.08 * ((x + y) % 2)),
    clean,
    3,
    6,
  );
  assert.ok(removed.changed / removed.reference > 0.15, `blotches removed: ${removed.changed / removed.reference}`);
  assert.ok(fine.changed / fine.reference < 0.01, `finest band only: ${fine.changed / fine.reference}`);
  assert.throws(() => midBandChange(clean, { ...clean, width: 10 }, 3, 6), /one size/);
});
