// The one time-left formula: elapsed × left / done once the photo is measurably under way; with a
// remembered speed, that speed's figure first, moving to the extrapolation as the photo progresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { photoTimeLeftMs } from '../../electron/jobs/time-left.ts';

test('without a remembered speed: nothing until measurable, then elapsed × left / done', () => {
  assert.equal(photoTimeLeftMs(1000, 0.25), 3000);
  assert.equal(photoTimeLeftMs(6000, 0.5), 6000);
  assert.equal(photoTimeLeftMs(10_000, 0.04), null, 'under 5 %');
  assert.equal(photoTimeLeftMs(300, 0.5), null, 'under half a second');
  assert.equal(photoTimeLeftMs(9000, 1), null, 'done');
  assert.equal(photoTimeLeftMs(Number.NaN, 0.5), null);
});

test('with a remembered speed: that figure at first, weighted towards the extrapolation as progress grows', () => {
  assert.equal(photoTimeLeftMs(300, 0.01, 20_000), 19_700, 'before it is measurable, the expected time minus elapsed');
  assert.equal(photoTimeLeftMs(25_000, 0.02, 20_000), 0, 'never below zero');
  // 25 % after 2 s extrapolates to 8 s in all; expected 12 s: 0.75 × 12 + 0.25 × 8 = 11 s in all, 9 s left.
  assert.equal(photoTimeLeftMs(2000, 0.25, 12_000), 9000);
  assert.equal(photoTimeLeftMs(2000, 0.25, null), 6000);
});
