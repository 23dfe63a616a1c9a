// Failed and cancelled photos are not "finished" and add nothing to the batch's
// progress; a row names an output only when that file was written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueueItem } from '../../electron/ipc/contract.ts';
import { endSentence, tallyQueue, tallySummary, writtenOutput } from '../../renderer/src/batch/tally.ts';

let ids = 0;
function item(status: QueueItem['status'], progress = status === 'done' ? 1 : 0): QueueItem {
  const n = ++ids;
  return { id: String(n), input: `/p/${n}.jpg`, output: `/p/${n}-dvar-x4.png`, status, progress, error: status === 'failed' ? 'Broken.' : null, ms: null };
}

test('a batch with one failure is not "6 of 6 finished · 100 %"', () => {
  const tally = tallyQueue([...Array.from({ length: 5 }, () => item('done')), item('failed')]);
  assert.equal(tally.finished, 5);
  assert.equal(tally.failed, 1);
  assert.equal(tally.ended, 6, 'all six have ended (Clear removes them)');
  assert.equal(tally.fraction, 5 / 6);
  assert.equal(tallySummary(tally), '5 of 6 finished · 1 failed');
});

test('cancelled photos are counted apart and add no progress', () => {
  const tally = tallyQueue([item('done'), item('done'), item('cancelled'), item('cancelled'), item('cancelled'), item('cancelled')]);
  assert.deepEqual([tally.finished, tally.cancelled, tally.failed], [2, 4, 0]);
  assert.equal(tally.fraction, 2 / 6);
  assert.equal(tallySummary(tally), '2 of 6 finished · 4 cancelled');
});

test('skipped photos (output already there) are finished; the running one counts by its progress', () => {
  const tally = tallyQueue([item('skipped'), item('done'), item('running', 0.5), item('pending')]);
  assert.deepEqual([tally.finished, tally.running, tally.pending, tally.ended], [2, 1, 1, 2]);
  assert.equal(tally.fraction, 2.5 / 4);
  assert.equal(tallySummary(tally), '2 of 4 finished');
});

test('rejected rows (no such file, not a photo) are not queued work: outside the total and the progress', () => {
  const tally = tallyQueue([item('done'), item('pending'), item('rejected'), item('rejected')]);
  assert.deepEqual([tally.total, tally.finished, tally.rejected, tally.ended], [2, 1, 2, 3]);
  assert.equal(tally.fraction, 1 / 2);
  assert.equal(tallySummary(tally), '1 of 2 finished · 2 not added');
  assert.equal(tallyQueue([item('rejected')]).fraction, 0);
});

test('an empty queue is 0 of 0 at 0 %', () => {
  const tally = tallyQueue([]);
  assert.equal(tally.fraction, 0);
  assert.equal(tallySummary(tally), '0 of 0 finished');
});

test('only done and skipped rows name their output; a failed row never names its planned one', () => {
  for (const status of ['done', 'skipped'] as const) assert.equal(writtenOutput({ status, output: '/o.png' }), '/o.png', status);
  for (const status of ['failed', 'cancelled', 'pending', 'running', 'rejected'] as const)
    assert.equal(writtenOutput({ status, output: '/o.png' }), null, status);
});

test('a batch that has ended says so in one sentence, with what is missing; one that goes on says nothing', () => {
  assert.equal(endSentence(tallyQueue([item('done'), item('skipped')])), 'Batch finished: all 2 photos have their results.');
  assert.equal(
    endSentence(tallyQueue([...Array.from({ length: 7 }, () => item('done')), item('failed')])),
    'Batch finished: 7 of 8 photos have their result; 1 failed (the reason is on its row). Retry runs it again.',
  );
  assert.equal(
    endSentence(tallyQueue([item('done'), item('cancelled'), item('cancelled')])),
    'Batch stopped: 1 of 3 photos have their result; 2 cancelled. Retry runs them again.',
  );
  assert.equal(endSentence(tallyQueue([item('done'), item('pending')])), null);
  assert.equal(endSentence(tallyQueue([item('rejected')])), null, 'nothing was queued work');
});
