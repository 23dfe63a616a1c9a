// Progress in plain words: the pass and the parts of the photo running it (so a pass counter that starts
// again is explained, and does not flicker through a group's tiles),
// the overall percentage and time left; the time a photo should take before it starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overallWords, partsOf, passWords, plannedPhotoMs } from '../../renderer/src/lib/progress-words.ts';

const at = (scale: number, tileIndex: number, tileCount: number, progress: number, etaMs: number | null = null) => ({ scale, scales: 10, tileIndex, tileCount, progress, etaMs });

test('passes are named with the part they belong to, only when there are several parts', () => {
  assert.equal(passWords({ ...at(6, 2, 12, 0.4), group: { first: 2, last: 2 } }), 'refining detail, pass 6 of 10 · part 3 of 12');
  assert.equal(passWords(at(1, 0, 1, 0.1)), 'refining detail, pass 1 of 10');
});

test('tiles that run their passes together are named as one span, whichever of them the event came from', () => {
  const group = { first: 16, last: 19 };
  const words = [16, 17, 18, 19].map((tileIndex) => passWords({ ...at(3, tileIndex, 20, 0.9), group }));
  assert.deepEqual(new Set(words), new Set(['refining detail, pass 3 of 10 · parts 17–20 of 20']));
  assert.equal(partsOf({ tileIndex: 5, tileCount: 20, group: { first: 0, last: 15 } }), '1–16 of 20');
});

test('a queue row from a worker that sends no group still names its tile', () => {
  assert.equal(passWords(at(6, 2, 12, 0.4)), 'refining detail, pass 6 of 10 · part 3 of 12');
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
