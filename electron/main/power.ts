// Keeps the computer from suspending while photos are being restored (a batch, or a single restore
// started from the compare view), and lets it sleep again as soon as nothing runs. The display may
// still turn off: 'prevent-app-suspension' is the mode meant for long background work.
import type { EventChannel, QueueState } from '../ipc/contract.ts';
import type { PowerSaveBlockerApi } from './electron-api.ts';

export interface PowerGuard {
  /** Feed every host event; only queue and restore events matter. */
  update(channel: EventChannel, payload: unknown): void;
  readonly blocking: boolean;
  dispose(): void;
}

export function createPowerGuard(blocker: PowerSaveBlockerApi): PowerGuard {
  let blockerId: number | null = null;
  let batchRunning = false;
  const runningJobs = new Set<string>();

  const apply = () => {
    const busy = batchRunning || runningJobs.size > 0;
    if (busy && blockerId === null) {
      blockerId = blocker.start('prevent-app-suspension');
    } else if (!busy && blockerId !== null) {
      if (blocker.isStarted(blockerId)) blocker.stop(blockerId);
      blockerId = null;
    }
  };

  return {
    update(channel, payload) {
      if (channel === 'queue:changed') batchRunning = (payload as QueueState).running;
      else if (channel === 'restore:progress') runningJobs.add((payload as { jobId: string }).jobId);
      else if (channel === 'restore:done' || channel === 'restore:failed') runningJobs.delete((payload as { jobId: string }).jobId);
      else return;
      apply();
    },
    get blocking() {
      return blockerId !== null;
    },
    dispose() {
      batchRunning = false;
      runningJobs.clear();
      apply();
    },
  };
}
