// The queue's rows on a queue server, apart from Redis: only rows waiting here are planned, each with a
// name of its own; sent rows carry their job; news persists a new status at once and only announces
// progress, at most every PROGRESS_EMIT_MS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Settings } from '../../electron/ipc/contract.ts';
import type { Item } from '../../electron/app/queue-rows.ts';
import { ServerRows } from '../../electron/app/queue-server-rows.ts';

function row(id: string, status: Item['status'], remote: Item['remote'] = null): Item {
  return { id, input: `/photos/${id}.jpg`, output: null, status, progress: 0, error: null, ms: null, relativeDir: '', pixels: 100, remote };
}

function rowsOf(items: Item[]) {
  const calls = { changed: 0, notified: 0 };
  const rows = new ServerRows({
    items: () => items,
    settings: () => ({ restore: { scale: 4 } }) as Settings,
    // Every photo would take the same name: the plan must tell them apart through `planned`.
    plannedOutput: async (_item, _settings, planned) => (planned.has('/out/same.png') ? '/out/same-2.png' : '/out/same.png'),
    changed: () => calls.changed++,
    notify: () => calls.notified++,
  });
  return { rows, calls };
}

test('only photos waiting here are planned, never two on one name, and sent ones carry their job', async () => {
  const items = [row('a', 'pending'), row('b', 'done'), row('c', 'pending'), row('d', 'pending', { jobId: 'j0', worker: null, pass: null })];
  const { rows, calls } = rowsOf(items);
  const plans = await rows.plan();
  assert.deepEqual(
    plans.map((p) => [p.id, p.output]),
    [
      ['a', '/out/same.png'],
      ['c', '/out/same-2.png'],
    ],
  );
  assert.equal(calls.changed, 0, 'planning changes nothing');
  rows.markSent(plans.map((p, k) => ({ ...p, jobId: `j${k + 1}` })));
  assert.deepEqual(items[0]!.remote, { jobId: 'j1', worker: null, pass: null });
  assert.equal(items[2]!.output, '/out/same-2.png');
  assert.deepEqual(
    rows.list().map((i) => i.id),
    ['a', 'c', 'd'],
  );
  assert.equal(calls.changed, 1);
});

test('a new status is persisted at once; progress alone is only announced, and not after every event', () => {
  const items = [row('a', 'pending', { jobId: 'j1', worker: null, pass: null }), row('b', 'pending')];
  const { rows, calls } = rowsOf(items);
  rows.applyNews('a', { status: 'running', worker: 'host:1' });
  assert.deepEqual([calls.changed, items[0]!.remote?.worker], [1, 'host:1']);
  rows.applyNews('a', { progress: 0.2, pass: { tileIndex: 0, tileCount: 1, scale: 2, scales: 10 } });
  rows.applyNews('a', { progress: 0.3 });
  assert.deepEqual([calls.changed, calls.notified, items[0]!.progress], [1, 1, 0.3], 'the second progress in a row is kept, not announced');
  assert.equal(items[0]!.remote?.pass?.scale, 2, 'news without a pass keeps the last one');
  rows.applyNews('b', { status: 'done' });
  assert.equal(items[1]!.status, 'pending', 'a row never sent to the server takes no news from it');
});
