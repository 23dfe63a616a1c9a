// Batch progress → taskbar/dock bar value and mode, and the end-of-batch notification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueItem, QueueState } from '../../electron/ipc/contract.ts';
import { createBatchNotifier, createBatchTracker, describeBatch } from '../../electron/main/notify.ts';

const item = (id: string, status: QueueItem['status'], progress = 0): QueueItem => ({
  id,
  input: `/p/${id}.jpg`,
  output: null,
  status,
  progress,
  error: null,
  ms: null,
});
const state = (items: QueueItem[], running: boolean, paused = false) => ({ items, running, paused }) as unknown as QueueState;

test('progress counts only this batch: earlier results do not, items added while it runs do', () => {
  const tracker = createBatchTracker();
  const old = item('old', 'done', 1);
  assert.deepEqual(tracker.update(state([old, item('a', 'pending')], false)), { progress: -1, mode: 'none', finished: null });
  assert.deepEqual(tracker.update(state([old, item('a', 'running', 0.5), item('b', 'pending')], true)), { progress: 0.25, mode: 'normal', finished: null });
  const withC = [old, item('a', 'done', 1), item('b', 'failed'), item('c', 'pending')];
  assert.deepEqual(tracker.update(state(withC, true)), { progress: 2 / 3, mode: 'error', finished: null });
  const paused = tracker.update(state(withC, false, true));
  assert.deepEqual([paused.mode, paused.finished], ['paused', null]);
  const end = tracker.update(state([old, item('a', 'done', 1), item('b', 'failed'), item('c', 'skipped')], false));
  assert.deepEqual(end, { progress: -1, mode: 'none', finished: { restored: 1, failed: 1, skipped: 1, cancelled: 0 } });
  assert.equal(tracker.update(state([item('a', 'done', 1)], false)).finished, null, 'reported once');
});

test('a cancelled batch counts what it did not reach as cancelled; removed items drop out', () => {
  const tracker = createBatchTracker();
  tracker.update(state([item('a', 'running', 0.1), item('b', 'pending'), item('c', 'pending')], true));
  const end = tracker.update(state([item('a', 'cancelled'), item('b', 'pending')], false));
  assert.deepEqual(end.finished, { restored: 0, failed: 0, skipped: 0, cancelled: 2 });
});

test('notification text', () => {
  assert.deepEqual(describeBatch({ restored: 3, failed: 0, skipped: 0, cancelled: 0 }), { title: 'Batch finished', body: '3 photos restored.' });
  assert.deepEqual(describeBatch({ restored: 1, failed: 2, skipped: 1, cancelled: 0 }), {
    title: 'Batch finished with errors',
    body: '1 photo restored, 2 failed, 1 skipped (already restored).',
  });
  assert.deepEqual(describeBatch({ restored: 0, failed: 0, skipped: 0, cancelled: 4 }), { title: 'Batch stopped', body: '0 photos restored, 4 cancelled.' });
  assert.equal(describeBatch({ restored: 0, failed: 0, skipped: 0, cancelled: 0 }), null);
});

test('the notifier moves the bar in visible steps and notifies only when the window is not focused', () => {
  const bars: Array<[number, string]> = [];
  const notes: string[] = [];
  let focused = false;
  const onChange = createBatchNotifier({ setProgressBar: (p, m) => bars.push([p, m]), isFocused: () => focused, notify: (t, b) => notes.push(`${t}: ${b}`) });
  onChange(state([item('a', 'running', 0.5)], true));
  onChange(state([item('a', 'running', 0.50001)], true)); // same 0.1% step: no call
  onChange(state([item('a', 'done', 1)], false));
  assert.deepEqual(bars, [
    [0.5, 'normal'],
    [-1, 'none'],
  ]);
  assert.deepEqual(notes, ['Batch finished: 1 photo restored.']);
  focused = true;
  onChange(state([item('b', 'running', 0)], true));
  onChange(state([item('b', 'done', 1)], false));
  assert.equal(notes.length, 1);
});
