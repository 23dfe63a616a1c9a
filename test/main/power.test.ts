// powerSaveBlocker follows the work: on while a batch or a single restore runs, off after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPowerGuard } from '../../electron/main/power.ts';
import type { QueueState } from '../../electron/ipc/contract.ts';

function fakeBlocker() {
  const started = new Set<number>();
  let next = 1;
  const log: string[] = [];
  return {
    log,
    start: (type: string) => (log.push(`start ${type}`), started.add(next), next++),
    stop: (id: number) => (log.push(`stop ${id}`), started.delete(id)),
    isStarted: (id: number) => started.has(id),
  };
}

const queue = (running: boolean) => ({ running, paused: false, items: [] }) as unknown as QueueState;

test('a batch holds one blocker from start to end', () => {
  const blocker = fakeBlocker();
  const guard = createPowerGuard(blocker);
  guard.update('queue:changed', queue(true));
  guard.update('queue:changed', queue(true));
  assert.equal(guard.blocking, true);
  guard.update('log', { level: 'info', message: 'x' });
  guard.update('queue:changed', queue(false));
  assert.equal(guard.blocking, false);
  assert.deepEqual(blocker.log, ['start prevent-app-suspension', 'stop 1']);
});

test('single restores hold it until their last job is done or failed', () => {
  const blocker = fakeBlocker();
  const guard = createPowerGuard(blocker);
  guard.update('restore:progress', { jobId: 'a' });
  guard.update('restore:progress', { jobId: 'b' });
  guard.update('restore:done', { jobId: 'a' });
  assert.equal(guard.blocking, true);
  guard.update('restore:failed', { jobId: 'b' });
  assert.equal(guard.blocking, false);
  guard.update('restore:progress', { jobId: 'c' });
  guard.dispose();
  assert.deepEqual(blocker.log, ['start prevent-app-suspension', 'stop 1', 'start prevent-app-suspension', 'stop 2']);
});
