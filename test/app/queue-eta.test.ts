// The batch ETA: nothing before there is a rate, then ms-per-pixel from finished (or remembered)
// photos, else from the running photo's own progress on the engine's clock; the plan before starting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateEtaMs, plannedMs } from '../../electron/app/queue-eta.ts';

const running = (engineElapsedMs: number | null, progress: number, sinceStartMs: number, pixels: number) => ({
  engineElapsedMs,
  progress,
  sinceStartMs,
  pixels,
});

test('the ETA waits for a measurable rate, then scales by the pixels left', () => {
  assert.equal(estimateEtaMs({ msPerPixel: null, current: running(100, 0.01, 100, 100), pending: [100] }), null);
  assert.equal(estimateEtaMs({ msPerPixel: null, current: running(null, 0, 5000, 100), pending: [100] }), null);
  // Running photo 25% done after 1 s of engine time: 3 s left for it, and a photo twice its size takes 8 s.
  assert.equal(estimateEtaMs({ msPerPixel: null, current: running(1000, 0.25, 1000, 100), pending: [200] }), 3000 + 8000);
  // A known rate (10 ms per pixel): the running photo is expected to take 500 ms, 300 ms of it left;
  // an unreadable header counts as an average photo.
  assert.equal(estimateEtaMs({ msPerPixel: 10, current: running(200, 0.01, 200, 50), pending: [100, 300, null] }), 300 + 4000 + 2000);
  assert.equal(estimateEtaMs({ msPerPixel: 10, current: running(null, 0, 100, 50), pending: [] }), 400, 'before its first event');
  assert.equal(estimateEtaMs({ msPerPixel: 10, current: null, pending: [] }), null);
});

test('the running photo is extrapolated on the engine clock, not on time since the job started', () => {
  // 4 s opening the pack and decoding, then 2 s of restoring to 25 %: 6 s left, not 18 s.
  assert.equal(estimateEtaMs({ msPerPixel: null, current: running(2000, 0.25, 6000, 100), pending: [] }), 6000);
});

test('the plan before starting: pending pixels at the known rate; nothing without a rate or photos', () => {
  assert.equal(plannedMs(2, [100, 200]), 600);
  assert.equal(plannedMs(2, [100, null, 300]), 200 + 400 + 600);
  assert.equal(plannedMs(null, [100]), null);
  assert.equal(plannedMs(2, []), null);
});
