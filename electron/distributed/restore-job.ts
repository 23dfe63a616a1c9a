// One queued job = one photo: everything a worker on another machine needs to restore it exactly as
// the local CLI would, in plain JSON (BullMQ stores job data as JSON in Redis).
import type { z } from 'zod';
import type { PhotoOutputOptions } from '../jobs/index.ts';
import type { packRef, restoreJobData } from './job-schema.ts';

/** The BullMQ queue every submitter and worker of DVAR Studio shares on a Redis server. */
export const RESTORE_QUEUE_NAME = 'dvar-restore';

/**
 * A bundled pack travels by name (each worker resolves it in its own installation); any other pack
 * travels as an absolute folder on the shared storage.
 */
export type PackRef = z.infer<typeof packRef>;

/**
 * A queued job must be a photo's output options (jobs/photo-output-options.ts) with its paths and pack:
 * the compiler checks that the schema's type gives every option, so a new option cannot be left out of it.
 */
type PhotoJob<T extends PhotoOutputOptions & { input: string; output: string }> = Exclude<keyof PhotoOutputOptions, keyof T> extends never ? T : never;

/** One photo's job (job-schema.ts holds the schema and what each field means). */
export type RestoreJobData = PhotoJob<z.infer<typeof restoreJobData>>;

/**
 * What a finished job returns: restored, or skipped because the output was already there before the
 * photo was queued. `ms` is null when an earlier attempt of this job wrote the output but the queue
 * never heard of it (Redis went away as it finished, run-restore-job.ts): how long it took is lost.
 */
export type RestoreJobResult =
  { status: 'done'; ms: number | null; outputWidth: number; outputHeight: number; worker: string } | { status: 'skipped'; worker: string };

/**
 * Retries: a photo that fails three times (three workers, or one worker three times) is marked failed
 * with its last reason. Finished jobs stay for a week so a re-attached submitter can still tally them
 * and a duplicate submission finds the finished job instead of restoring the photo again.
 */
export const RESTORE_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
