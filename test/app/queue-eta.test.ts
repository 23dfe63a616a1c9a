// The batch ETA: nothing before there is a rate, then ms-per-pixel from finished photos, else from the
// running photo's own progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateEtaMs } from '../../electron/app/queue-eta.ts';

test('the ETA waits for a measurable rate, then scales by the pixels left', () => {
  const none = { ms: 0, pixels: 0 };
  assert.equal(estimateEtaMs({ finished: none, current: { elapsedMs: 100, progress: 0.01, pixels: 100 }, pending: [100] }), null);
  // Running photo 25% done after 1 s: 3 s left for it, and a photo twice its size takes 8 s.
  assert.equal(estimateEtaMs({ finished: none, current: { elapsedMs: 1000, progress: 0.25, pixels: 100 }, pending: [200] }), 3000 + 8000);
  // Finished photos give the rate: 10 ms per pixel; an unreadable header counts as an average photo.
  const finished = { ms: 1000, pixels: 100 };
  assert.equal(estimateEtaMs({ finished, current: { elapsedMs: 200, progress: 0.01, pixels: 50 }, pending: [100, 300, null] }), 300 + 4000 + 2000);
  assert.equal(estimateEtaMs({ finished, current: null, pending: [] }), null);
});
