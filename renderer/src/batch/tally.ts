// How far a batch is, in the words the Batch view uses. "Finished" means the photo has its output:
// restored (done) or kept because it already existed (skipped). A failed or cancelled photo has ended
// without one, so counting it as finished ("6 of 6 finished · 100 %" beside a failure) says the batch
// succeeded when it did not; such photos are counted on their own and never add to the progress.
// Rejected rows (no such file, not a photo) were never queued work: they are left out of the total.
import type { QueueItem } from '../../../electron/ipc/contract.ts';

export interface QueueTally {
  /** Photos that are or were queued work (rejected rows are not). */
  total: number;
  /** Photos with an output: done or skipped. */
  finished: number;
  failed: number;
  cancelled: number;
  pending: number;
  running: number;
  /** Paths refused when added; never run. */
  rejected: number;
  /** Rows that will not run again by themselves: finished, failed, cancelled or rejected ("Clear" removes them). */
  ended: number;
  /** 0..1: finished photos count whole, the running one by its progress, the rest not at all. */
  fraction: number;
}

export function tallyQueue(items: readonly QueueItem[]): QueueTally {
  const count = (...statuses: Array<QueueItem['status']>) => items.filter((i) => statuses.includes(i.status)).length;
  const finished = count('done', 'skipped');
  const failed = count('failed');
  const cancelled = count('cancelled');
  const rejected = count('rejected');
  const runningProgress = items.reduce((sum, i) => sum + (i.status === 'running' ? i.progress : 0), 0);
  const total = items.length - rejected;
  return {
    total,
    finished,
    failed,
    cancelled,
    pending: count('pending'),
    running: count('running'),
    rejected,
    ended: finished + failed + cancelled + rejected,
    fraction: total ? (finished + runningProgress) / total : 0,
  };
}

/** One line for the summary: "4 of 6 finished · 1 failed · 1 cancelled · 2 not added". */
export function tallySummary(tally: QueueTally): string {
  const parts = [`${tally.finished} of ${tally.total} finished`];
  if (tally.failed) parts.push(`${tally.failed} failed`);
  if (tally.cancelled) parts.push(`${tally.cancelled} cancelled`);
  if (tally.rejected) parts.push(`${tally.rejected} not added`);
  return parts.join(' · ');
}

/**
 * Once no photo waits or runs, what the batch came to, in one sentence (the bar alone, stopped short and
 * red, does not say that it is over); null while it goes on or when it is empty.
 */
export function endSentence(tally: QueueTally): string | null {
  if (tally.total === 0 || tally.pending > 0 || tally.running > 0) return null;
  const photos = (n: number) => `${n} photo${n === 1 ? '' : 's'}`;
  if (tally.finished === tally.total)
    return `Batch finished: ${tally.total === 1 ? 'the photo has its result' : `all ${photos(tally.total)} have their results`}.`;
  const missing = [
    tally.failed ? `${tally.failed} failed (the reason is on ${tally.failed === 1 ? 'its row' : 'their rows'})` : '',
    tally.cancelled ? `${tally.cancelled} cancelled` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const retry = tally.failed + tally.cancelled === 1 ? 'Retry runs it again' : 'Retry runs them again';
  return `Batch ${tally.failed ? 'finished' : 'stopped'}: ${tally.finished} of ${photos(tally.total)} have their result; ${missing}. ${retry}.`;
}

/**
 * The output a row may name: only one that exists. The host plans a name for every photo before it
 * runs, so a failed, cancelled or waiting photo carries a name that was never written.
 */
export function writtenOutput(item: Pick<QueueItem, 'status' | 'output'>): string | null {
  return item.status === 'done' || item.status === 'skipped' ? item.output : null;
}
