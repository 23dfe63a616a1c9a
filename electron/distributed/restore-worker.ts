// A queue worker: takes photos from the shared BullMQ queue and restores them with runRestoreJob.
// Reliability comes from BullMQ itself: a job's lock is renewed while it runs, so when a worker dies
// (SIGKILL, power loss) its lock lapses, another worker's stalled-job check puts the photo back in the
// queue, and that worker's run removes the dead writer's temp file before writing. Its Redis clients
// are ours (queue-clients.ts), so it stops even when Redis has gone away.
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { DvarEngine } from '../engine/index.ts';
import { EnginePool } from './engine-pool.ts';
import { progressRelay } from './progress-relay.ts';
import { QueueClients } from './queue-clients.ts';
import type { QueueConnection } from './queue-url.ts';
import { RESTORE_QUEUE_NAME, type RestoreJobData, type RestoreJobResult } from './restore-job.ts';
import { runRestoreJob } from './run-restore-job.ts';
import { checkJobOutput } from './job-guard.ts';
import { openSignedJob } from './job-signature.ts';

export interface RestoreWorkerOptions {
  connection: QueueConnection;
  /** Photos restored at once by this process, each with its own engine. */
  concurrency: number;
  /** CPU threads per model graph (default: all cores). */
  threads?: number;
  /** How long a job's lock lasts without renewal: how soon a dead worker's photo is retried elsewhere. */
  lockMs: number;
  /** The folder this worker writes under (job-guard.ts): a job whose output is elsewhere is refused. */
  outputRoot: string;
  /** The secret jobs are signed with (job-signature.ts): unsigned or badly signed jobs are refused. */
  secret: Buffer;
  log: (line: string) => void;
}

export interface RestoreWorker {
  readonly id: string;
  /** Resolves once connected to Redis. */
  ready(): Promise<void>;
  /** Finish the photos in hand (or, with `force`, drop them for other workers to retry), then stop. */
  close(force?: boolean): Promise<void>;
}

export function startRestoreWorker(options: RestoreWorkerOptions): RestoreWorker {
  const id = `${hostname()}:${process.pid}`;
  const pool = new EnginePool((packDir) => DvarEngine.open(packDir, { threads: options.threads }));
  /** The job's data once its signature, schema and output are checked; a refusal is never retried. */
  const checked = async (job: Job<RestoreJobData, RestoreJobResult>): Promise<RestoreJobData> => {
    try {
      const data = openSignedJob(job.data, options.secret);
      await checkJobOutput(data, options.outputRoot);
      return data;
    } catch (error) {
      const message = (error as Error).message;
      options.log(`Refused job ${job.id}: ${message}`);
      throw new UnrecoverableError(message);
    }
  };
  const processor = async (job: Job<RestoreJobData, RestoreJobResult>, _token?: string, signal?: AbortSignal) => {
    const data = await checked(job);
    options.log(`Restoring ${data.input} (attempt ${job.attemptsMade + 1}).`);
    const relay = progressRelay(id, (progress) => job.updateProgress(progress));
    const result = await runRestoreJob(data, {
      pool,
      worker: id,
      signal,
      queuedAt: job.timestamp,
      onEvent: (event) => {
        relay(event);
        if (event.type === 'notice') options.log(event.message);
      },
    });
    options.log(
      result.status === 'skipped'
        ? `Skipped ${data.input}: ${data.output} exists.`
        : result.ms === null
          ? `Found ${data.output}, written by an earlier attempt of this job.`
          : `Wrote ${data.output} in ${(result.ms / 1000).toFixed(1)} s.`,
    );
    return result;
  };
  const clients = new QueueClients(options.connection);
  const worker = new Worker<RestoreJobData, RestoreJobResult>(RESTORE_QUEUE_NAME, processor, {
    connection: clients.client,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: Math.max(1000, Math.round(options.lockMs / 2)),
    maxStalledCount: 2,
  });
  worker.on('failed', (job, error) => {
    if (job && !(error instanceof UnrecoverableError)) options.log(`Failed ${job.data.input} (attempt ${job.attemptsMade}): ${error.message}`);
  });
  // Connection errors repeat while Redis is down; say it once per outage, ioredis keeps reconnecting.
  let down = false;
  worker.on('error', (error) => {
    if (down) return;
    down = true;
    options.log(`Lost the queue (${error.message.split('\n')[0]}); reconnecting.`);
  });
  worker.on('active', () => {
    if (down) options.log('Reconnected to the queue.');
    down = false;
  });
  return {
    id,
    ready: async () => {
      await worker.waitUntilReady();
    },
    close: async (force = false) => {
      // No deadline: the photos in hand take as long as they take while Redis answers; if it is gone,
      // their results cannot be saved and their jobs go to another worker once the lock lapses.
      await clients.close(() => worker.close(force));
      await pool.closeAll();
    },
  };
}
