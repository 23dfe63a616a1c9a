// One queued photo on a worker, through the same batch runner the CLI and the app use (restoreFiles:
// same reading, resampling, stale-temp cleanup and atomic write rules). A failure becomes an Error
// whose message is the runner's one sentence: BullMQ retries it, and after the last attempt that
// sentence is the job's failed reason the submitter prints.
// An output that is there already and newer than the job itself was written by an earlier attempt of
// this job whose result the queue lost (Redis went away as that attempt finished, its lock lapsed and
// the job came back): that photo is restored, not "skipped because it existed".
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { dirname } from 'node:path';
import { DvarError } from '../engine/definitions.ts';
import { writtenSince } from '../image-files/index.ts';
import type { JobEvent } from '../jobs/index.ts';
import { restoreFiles } from '../jobs/index.ts';
import type { EnginePool } from './engine-pool.ts';
import { packDirFor } from './pack-ref.ts';
import type { RestoreJobData, RestoreJobResult } from './restore-job.ts';

export interface RunRestoreJobContext {
  pool: EnginePool;
  /** host:pid, recorded in results and progress. */
  worker: string;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  defaultPackDir?: string;
  /** When the photo was queued (BullMQ's job.timestamp, ms since the epoch). */
  queuedAt?: number;
}

const visible = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Paths are shared storage: say so plainly when this machine does not have them. */
async function checkSharedPaths(data: RestoreJobData, worker: string): Promise<void> {
  const host = worker.split(':')[0];
  if (!(await visible(data.input))) {
    throw new DvarError('INPUT_UNREADABLE', `The worker on ${host} cannot see ${data.input}; mount the shared storage at the same path on every worker.`);
  }
  if (!(await visible(dirname(data.output)))) {
    throw new DvarError(
      'OUTPUT_UNWRITABLE',
      `The worker on ${host} cannot see the output folder ${dirname(data.output)}; mount the shared storage at the same path on every worker.`,
    );
  }
}

/** The result of an earlier attempt of this job that wrote `output` (newer than the job), or null. */
async function writtenByEarlierAttempt(output: string, context: RunRestoreJobContext): Promise<RestoreJobResult | null> {
  if (context.queuedAt === undefined || !(await writtenSince(output, context.queuedAt))) return null;
  const { width, height } = await sharp(output).metadata(); // outputs are written upright (EXIF orientation 1)
  return { status: 'done', ms: null, outputWidth: width, outputHeight: height, worker: context.worker };
}

export async function runRestoreJob(data: RestoreJobData, context: RunRestoreJobContext): Promise<RestoreJobResult> {
  await checkSharedPaths(data, context.worker);
  const packDir = packDirFor(data.pack, context.defaultPackDir);
  let engine: Awaited<ReturnType<EnginePool['acquire']>> | undefined;
  let failure: string | undefined;
  let done: Extract<JobEvent, { type: 'file-done' }> | undefined;
  try {
    // Every other field is a photo output option (the strict job schema admits no others).
    const { input, output, pack: _pack, ...options } = data;
    const summary = await restoreFiles([{ input, output }], {
      ...options,
      openEngine: async () => (engine = await context.pool.acquire(packDir)),
      signal: context.signal,
      onEvent: (event) => {
        if (event.type === 'file-failed') failure = event.message;
        if (event.type === 'file-done') done = event;
        context.onEvent?.(event);
      },
    });
    if (failure !== undefined) throw new Error(failure);
    if (summary.cancelled) throw new DvarError('CANCELLED', `The worker on ${context.worker} stopped before finishing ${data.input}.`);
    if (summary.skipped > 0) return (await writtenByEarlierAttempt(data.output, context)) ?? { status: 'skipped', worker: context.worker };
    if (!done) throw new Error(`The worker on ${context.worker} finished ${data.input} without writing it; please report this.`);
    return { status: 'done', ms: done.ms, outputWidth: done.outputWidth, outputHeight: done.outputHeight, worker: context.worker };
  } finally {
    if (engine) context.pool.release(packDir, engine);
  }
}
