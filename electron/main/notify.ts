// Batch progress outside the window: the taskbar / dock progress bar while a batch runs, and an OS
// notification when it ends while the user is elsewhere. A "batch" is what runs from the moment the
// queue starts until it stops with nothing left to do; items finished in earlier batches do not count,
// items added while it runs do.
import type { QueueState } from '../ipc/contract.ts';
import type { ProgressBarMode } from './electron-api.ts';

export interface BatchSummary {
  restored: number;
  failed: number;
  skipped: number;
  cancelled: number;
}

export interface BatchUpdate {
  /** For BrowserWindow.setProgressBar: a fraction in [0, 1], or -1 to remove the bar. */
  progress: number;
  mode: ProgressBarMode;
  /** Set once, on the update that ends a batch. */
  finished: BatchSummary | null;
}

const FINISHED = new Set(['done', 'failed', 'skipped', 'cancelled']);

export function createBatchTracker(): { update(state: QueueState): BatchUpdate } {
  let batch: Set<string> | null = null;

  return {
    update(state) {
      const items = new Map(state.items.map((item) => [item.id, item]));
      if (state.running && !batch) batch = new Set();
      if (!batch) return { progress: -1, mode: 'none', finished: null };

      for (const item of state.items) if (item.status === 'pending' || item.status === 'running') batch.add(item.id);
      for (const id of batch) if (!items.has(id)) batch.delete(id); // removed from the queue

      const members = [...batch].map((id) => items.get(id)!);
      if (!state.running && !state.paused) {
        batch = null;
        return { progress: -1, mode: 'none', finished: summarize(members) };
      }
      const done = members.reduce((sum, item) => sum + (FINISHED.has(item.status) ? 1 : item.status === 'running' ? item.progress : 0), 0);
      const progress = members.length ? Math.min(1, done / members.length) : 0;
      const mode: ProgressBarMode = state.paused ? 'paused' : members.some((item) => item.status === 'failed') ? 'error' : 'normal';
      return { progress, mode, finished: null };
    },
  };
}

function summarize(items: QueueState['items']): BatchSummary {
  const count = (status: string) => items.filter((item) => item.status === status).length;
  // Anything the batch did not reach (pending when it was cancelled) counts as cancelled.
  return {
    restored: count('done'),
    failed: count('failed'),
    skipped: count('skipped'),
    cancelled: items.length - count('done') - count('failed') - count('skipped'),
  };
}

const photos = (n: number) => `${n} photo${n === 1 ? '' : 's'}`;

/** The notification's title and body, e.g. "Batch finished" / "3 photos restored, 1 failed." */
export function describeBatch(summary: BatchSummary): { title: string; body: string } | null {
  const { restored, failed, skipped, cancelled } = summary;
  if (restored + failed + skipped + cancelled === 0) return null;
  const parts = [`${photos(restored)} restored`];
  if (failed) parts.push(`${failed} failed`);
  if (skipped) parts.push(`${skipped} skipped (already restored)`);
  if (cancelled) parts.push(`${cancelled} cancelled`);
  const title = failed ? 'Batch finished with errors' : cancelled ? 'Batch stopped' : 'Batch finished';
  return { title, body: `${parts.join(', ')}.` };
}

export interface BatchNotifierTarget {
  setProgressBar(progress: number, mode: ProgressBarMode): void;
  /** Whether the user is looking at the window (then the window itself says the batch ended). */
  isFocused(): boolean;
  notify(title: string, body: string): void;
}

/** Feeds queue:changed into the progress bar and the end-of-batch notification. */
export function createBatchNotifier(target: BatchNotifierTarget): (state: QueueState) => void {
  const tracker = createBatchTracker();
  let shown = '';
  return (state) => {
    const { progress, mode, finished } = tracker.update(state);
    // queue:changed arrives with every progress tick; the bar moves in 0.1% steps at most.
    const key = `${Math.round(progress * 1000)}:${mode}`;
    if (key !== shown) {
      shown = key;
      target.setProgressBar(progress, mode);
    }
    const message = finished && describeBatch(finished);
    if (message && !target.isFocused()) target.notify(message.title, message.body);
  };
}
