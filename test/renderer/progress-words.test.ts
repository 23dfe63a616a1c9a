// Progress in plain words: the pass and the tile (so a pass counter that starts again is explained),
// the overall percentage and time left; the time a photo should take before it starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overallWords, passWords, plannedPhotoMs } from '../../renderer/src/batch/progress-words.ts';

const at = (scale: number, tileIndex: number, tileCount: number, progress: number, etaMs: number | null = null) => ({ scale, scales: 10, tileIndex, tileCount, progress, etaMs });

test('passes are named with the tile they belong to, only when there are several tiles', () => {
  assert.equal(passWords(at(6, 2, 12, 0.4)), 'refining detail, pass 6 of 10 · tile 3 of 12');
  assert.equal(passWords(at(1, 0, 1, 0.1)), 'refining detail, pass 1 of 10');
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
