// The batch queue's rows as it keeps and persists them, and the tests on them that both the local queue
// (queue.ts) and its rows on a queue server (queue-server-rows.ts) use.
import { z } from 'zod';
import { queueItem, type QueueItem, type RestoreSettings, type Settings } from '../ipc/contract.ts';

// startedAt: when the photo last started running here (ms since the epoch), so a restart can tell the
// output that run wrote from one that was there before.
export const storedItem = queueItem.extend({ relativeDir: z.string(), pixels: z.number().nullable(), startedAt: z.number().optional() });
export type Item = z.infer<typeof storedItem>;

/** queue:changed while a photo runs: often enough for a progress bar, rare enough to be cheap. */
export const PROGRESS_EMIT_MS = 250;

/** Sent to the queue server and not finished there. */
export const onServer = (i: QueueItem) => i.remote != null && (i.status === 'pending' || i.status === 'running');
/** Waiting to run on this machine. */
export const waitingHere = (i: QueueItem) => i.remote == null && i.status === 'pending';

/** Rows that will not run again by themselves ("Clear ended" removes them). */
export const FINISHED = new Set<QueueItem['status']>(['done', 'failed', 'skipped', 'cancelled', 'rejected']);

/**
 * The options a photo runs with: the batch's (the settings) with its own over them. An own size replaces
 * the batch's size whichever way that was given (a row's ×2 over a batch long edge is ×2).
 */
export function optionsOf(item: QueueItem, settings: Settings): RestoreSettings {
  const own = item.own ?? {};
  const batch: RestoreSettings = { ...settings.restore };
  if (own.scale !== undefined || own.longEdge !== undefined || own.megapixels !== undefined || own.print !== undefined) {
    delete batch.longEdge;
    delete batch.megapixels;
    delete batch.print;
  }
  return { ...batch, ...own };
}
