// Progress in plain words: what the time goes to now (the restorer's run, the next scale, assembling)
// and the parts of the photo running it (so a scale counter that starts again is explained, and does
// not flicker through a group's tiles), the overall percentage and time left; the time a photo should
// take before it starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overallWords, partsOf, plannedPhotoMs, stageAndParts, stageWords } from '../../renderer/src/lib/progress-words.ts';

const at = (scale: number, tileIndex: number, tileCount: number, progress: number, etaMs: number | null = null) => ({
  scale,
  scales: 10,
  tileIndex,
  tileCount,
  progress,
  etaMs,
});

test("the step under way: the restorer after a restorer pack's first scale, then the next scale, then assembling", () => {
  assert.equal(stageWords({ scale: 1, scales: 10, restorerNext: true }), 'restoring detail');
  assert.equal(stageWords({ scale: 1, scales: 10, restorerNext: false }), 'refining, scale 2 of 10', 'a pack without a restorer goes on to scale 2');
  assert.equal(stageWords({ scale: 1, scales: 10 }), 'refining, scale 2 of 10', 'an event from a host that does not say');
  assert.equal(stageWords({ scale: 6, scales: 10 }), 'refining, scale 7 of 10');
  assert.equal(stageWords({ scale: 10, scales: 10 }), 'assembling the image');
});

test('steps are named with the part they belong to, only when there are several parts', () => {
  assert.equal(stageAndParts({ ...at(6, 2, 12, 0.4), group: { first: 2, last: 2 } }), 'refining, scale 7 of 10 · part 3 of 12');
  assert.equal(stageAndParts({ ...at(1, 0, 1, 0.7), restorerNext: true }), 'restoring detail');
});

test('tiles that run their scales together are named as one span, whichever of them the event came from', () => {
  const group = { first: 16, last: 19 };
  const words = [16, 17, 18, 19].map((tileIndex) => stageAndParts({ ...at(3, tileIndex, 20, 0.9), group }));
  assert.deepEqual(new Set(words), new Set(['refining, scale 4 of 10 · parts 17–20 of 20']));
  assert.equal(partsOf({ tileIndex: 5, tileCount: 20, group: { first: 0, last: 15 } }), '1–16 of 20');
});

test('a queue row from a worker that sends no group still names its tile', () => {
  assert.equal(stageAndParts(at(6, 2, 12, 0.4)), 'refining, scale 7 of 10 · part 3 of 12');
  assert.equal(partsOf({ tileIndex: 2, tileCount: 12, group: null }), '3 of 12');
});

test('overall progress and time left, or that the time is still being estimated', () => {
  assert.equal(overallWords(at(6, 2, 12, 0.42, 12_000)), '42% · about 12 s left');
  assert.equal(overallWords(at(1, 0, 1, 0.01)), '1% · estimating time…');
});

test('a photo is planned at the remembered ms per input megapixel', () => {
  assert.equal(plannedPhotoMs(8000, 1000, 500), 4000);
  assert.equal(plannedPhotoMs(null, 1000, 500), null);
  assert.equal(plannedPhotoMs(undefined, 1000, 500), null);
});
