// Follows a submission until every photo is restored, skipped or failed for good. Finished states come
// from polling the jobs themselves (they survive a Redis restart with persistence and a submitter that
// was away); per-photo progress comes from BullMQ's event stream, which a late submitter simply misses.
import type { QueueEvents } from 'bullmq';
import { isPhotoProgress, type PhotoProgress } from './progress-relay.ts';
import type { RestoreJobResult } from './restore-job.ts';
import type { RestoreQueue, SubmissionRecord, SubmittedJob } from './submission.ts';

export type SubmissionUpdate =
  | { type: 'progress'; job: SubmittedJob; progress: PhotoProgress }
  | { type: 'finished'; job: SubmittedJob; result: RestoreJobResult }
  | { type: 'failed'; job: SubmittedJob; reason: string };

export interface SubmissionTally {
  total: number;
  done: number;
  skipped: number;
  failed: number;
}

export interface WatchOptions {
  onUpdate: (update: SubmissionUpdate) => void;
  pollMs?: number;
  signal?: AbortSignal;
}

/** Jobs looked up at once per poll: enough to keep up, few enough not to flood Redis. */
const POLL_CHUNK = 200;

type Outcome = { type: 'finished'; result: RestoreJobResult } | { type: 'failed'; reason: string } | null;

async function outcomeOf(queue: RestoreQueue, jobId: string): Promise<Outcome> {
  const job = await queue.getJob(jobId);
  if (!job)
    return {
      type: 'failed',
      reason: "The queue no longer holds this photo's job (was Redis restarted without persistence, or the job removed?); submit it again.",
    };
  if (job.finishedOn === undefined) return null; // waiting, running, or waiting to be retried
  if (job.returnvalue) return { type: 'finished', result: job.returnvalue };
  return { type: 'failed', reason: job.failedReason || "The photo failed without a reason; see the worker's log." };
}

export async function watchSubmission(queue: RestoreQueue, events: QueueEvents, record: SubmissionRecord, options: WatchOptions): Promise<SubmissionTally> {
  const tally: SubmissionTally = { total: record.jobs.length, done: 0, skipped: 0, failed: 0 };
  const pending = new Map(record.jobs.map((job) => [job.jobId, job]));
  const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
    const job = pending.get(jobId);
    if (job && isPhotoProgress(data)) options.onUpdate({ type: 'progress', job, progress: data });
  };
  events.on('progress', onProgress);
  try {
    while (pending.size > 0 && !options.signal?.aborted) {
      const ids = [...pending.keys()];
      for (let i = 0; i < ids.length; i += POLL_CHUNK) {
        const chunk = ids.slice(i, i + POLL_CHUNK);
        const outcomes = await Promise.all(chunk.map((id) => outcomeOf(queue, id)));
        chunk.forEach((id, k) => {
          const outcome = outcomes[k];
          const job = pending.get(id);
          if (!outcome || !job) return;
          pending.delete(id);
          if (outcome.type === 'failed') {
            tally.failed++;
            options.onUpdate({ type: 'failed', job, reason: outcome.reason });
          } else {
            if (outcome.result.status === 'done') tally.done++;
            else tally.skipped++;
            options.onUpdate({ type: 'finished', job, result: outcome.result });
          }
        });
      }
      if (pending.size > 0) await sleep(options.pollMs ?? 500, options.signal);
    }
  } finally {
    events.off('progress', onProgress);
  }
  return tally;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
