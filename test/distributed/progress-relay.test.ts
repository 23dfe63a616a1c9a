// The worker's progress relay: scale events become small progress records, throttled, the last scale
// of the last tile always sent; and the submission's overall fraction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressRelay, type PhotoProgress } from '../../electron/distributed/progress-relay.ts';
import { submissionFraction } from '../../electron/cli/submission-report.ts';
import type { JobEvent } from '../../electron/jobs/job-events.ts';
import type { ScaleEvent } from '../../electron/engine/types.ts';

function scaleEvent(tileIndex: number, scale: number, progress: number): JobEvent {
  const event: ScaleEvent = {
    tileIndex,
    tileCount: 2,
    group: { first: tileIndex, last: tileIndex },
    tile: { x: 0, y: 0, width: 8, height: 8 },
    scale,
    scales: 3,
    grid: { height: 1, width: 1 },
    tokens: 1,
    entropy: 0,
    stepMs: 1,
    elapsedMs: 10 * scale,
    progress,
    preview: { width: 1, height: 1, data: new Uint8Array(4) },
    restorerNext: scale === 1,
  };
  return { type: 'scale', fileIndex: 0, fileCount: 1, input: 'a.png', output: 'a-dvar-x4.png', event };
}

test('throttled to one update per interval, the final one always sent, no preview pixels', () => {
  const sent: PhotoProgress[] = [];
  let clock = 0;
  const relay = progressRelay(
    'host:1',
    async (p) => sent.push(p),
    250,
    () => clock,
  );
  relay(scaleEvent(0, 1, 0.1));
  clock = 100;
  relay(scaleEvent(0, 2, 0.2)); // within the interval: dropped
  clock = 300;
  relay(scaleEvent(0, 3, 0.5));
  relay({ type: 'notice', message: 'not progress' });
  clock = 310;
  relay(scaleEvent(1, 3, 1)); // last tile, last scale: sent although within the interval
  assert.deepEqual(
    sent.map((p) => p.progress),
    [0.1, 0.5, 1],
  );
  // Scale 1's record says that the restorer runs next (the progress words name it).
  assert.deepEqual(
    sent.map((p) => p.restorerNext),
    [true, false, false],
  );
  assert.deepEqual(sent[2], {
    progress: 1,
    tileIndex: 1,
    tileCount: 2,
    group: { first: 1, last: 1 },
    scale: 3,
    scales: 3,
    restorerNext: false,
    elapsedMs: 30,
    worker: 'host:1',
  });
});

test('a failed progress write never throws into the restore', async () => {
  const relay = progressRelay('host:1', () => Promise.reject(new Error('Redis is down')));
  assert.doesNotThrow(() => relay(scaleEvent(1, 3, 1)));
  await new Promise((resolve) => setImmediate(resolve));
});

test('the submission fraction counts finished photos whole and running ones by their progress', () => {
  const running = (p: number) => ({ progress: p }) as PhotoProgress;
  assert.equal(submissionFraction(4, 1, [running(0.5), running(0.5)]), 0.5);
  assert.equal(submissionFraction(2, 2, [running(1)]), 1, 'never above 1');
  assert.equal(submissionFraction(0, 0, []), 1);
});
