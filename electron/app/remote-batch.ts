// The batch on a queue server: when Settings say batches run there, Start sends the waiting photos of
// the Batch view to the Redis (BullMQ) queue that `npm run worker` processes take them from
// (electron/distributed: idempotent job ids, so sending a photo twice queues it once), and follows
// them: their rows go running (with pass and tile), done, skipped or failed with the worker's sentence,
// like photos run here. The submission ids and server are stored, and each sent row keeps its job id,
// so closing the app loses nothing: the next start re-attaches. Cancel removes the jobs still waiting;
// those already on a worker finish. An unreachable server gets one sentence and the photos stay waiting.
// Every connection (Start, Cancel, re-attaching) trusts the CA certificate of Settings for rediss://.
// Closing never waits on a server that is gone or refuses us (queue-clients.ts): the app always quits.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { z } from 'zod';
import { DvarError, passPositionSchema, pickReported } from '../engine/definitions.ts';
import { checkQueueConnection } from '../distributed/check-connection.ts';
import { FOLLOWER_CLOSE_DEADLINE_MS, QueueClients } from '../distributed/queue-clients.ts';
import type { QueueTarget } from '../distributed/queue-url.ts';
import { RESTORE_QUEUE_NAME, type RestoreJobData, type RestoreJobResult } from '../distributed/restore-job.ts';
import { submitBatch, type RestoreQueue, type SubmissionRecord } from '../distributed/submission.ts';
import { loadQueueSecret, QUEUE_SECRET_ENV, QUEUE_SECRET_FILE_ENV } from '../distributed/job-signature.ts';
import { watchSubmission, type SubmissionUpdate } from '../distributed/watch-submission.ts';
import type { EventChannel, EventOf, QueueItem, QueueState, Settings } from '../ipc/contract.ts';
import type { LogFn } from './engine-client.ts';
import { HostError } from './host-error.ts';
import { connectedWorkers, connectionFailureWords } from './queue-connection-test.ts';
import type { BatchQueue } from './queue.ts';
import { connectableTarget, queueTargetOf } from './queue-server-url.ts';
import { QUEUE_SETTINGS } from './queue-problem-words.ts';
import { remoteJobDataOf } from './remote-job-data.ts';
import type { KeyValueStore } from './store.ts';

const STORE_KEY = 'remoteBatch';
const stored = z.object({ url: z.string(), submissions: z.array(z.string()) });
type Stored = z.infer<typeof stored>;

/** How long Start and Cancel wait for the server before saying it cannot be reached. */
const CONNECT_TIMEOUT_MS = 5000;
/** How often the number of connected workers is asked for (and a lost connection noticed as back). */
const WORKERS_POLL_MS = 3000;

export interface RemoteBatchDeps {
  queue: BatchQueue;
  settings: () => Settings;
  store: KeyValueStore;
  log: LogFn;
  emit: <C extends EventChannel>(channel: C, payload: EventOf<C>) => void;
  allowPath: (path: string) => void;
}

interface Connection {
  target: QueueTarget;
  clients: QueueClients;
  queue: RestoreQueue;
  events: QueueEvents;
  timer: NodeJS.Timeout;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The secret the workers check jobs with, from the environment the app was started in (job-signature.ts). */
function queueSecret(): Buffer {
  try {
    return loadQueueSecret(undefined);
  } catch (error) {
    const message = (error as Error).message;
    const why = message.startsWith('The queue secret must')
      ? 'is shorter than 16 characters'
      : message.startsWith('Cannot read')
        ? `cannot be read (${message})`
        : 'is not set';
    throw new HostError(
      'INVALID_SETTINGS',
      `The queue secret that signs jobs for the workers ${why}; start DVAR Studio with ${QUEUE_SECRET_FILE_ENV}=FILE (or ${QUEUE_SECRET_ENV}) set to the secret the workers use.`,
    );
  }
}

export class RemoteBatch {
  private record: Stored | null;
  private connection: Connection | null = null;
  private watch: AbortController | null = null;
  private workers: number | null = null;
  private message: string | null = null;
  /** The server of the last batch, for its message once the batch is over. */
  private lastServer: string | null = null;
  private busy: Promise<unknown> = Promise.resolve();
  private lost = false;
  private closed = false;
  /** While Start sends photos, a batch that just ended must not close the connection it uses. */
  private starting = false;

  constructor(private readonly deps: RemoteBatchDeps) {
    const parsed = stored.safeParse(deps.store.get(STORE_KEY));
    this.record = parsed.success ? parsed.data : null;
    deps.queue.attachRemote({ status: () => this.status(), removed: (item) => void this.removeWaiting([item]) });
  }

  /** Re-attaches to the batch a previous run of the app left on the server. */
  resume(): void {
    if (!this.record) return;
    if (this.deps.queue.server.list().length === 0) return this.finishBatch();
    this.deps.log(
      'info',
      `Following ${plural(this.deps.queue.server.list().length, 'photo', 'photos')} on the queue server at ${queueTargetOf(this.record.url).display}.`,
    );
    this.follow();
  }

  status(): QueueState['remote'] {
    if (!this.record && this.message === null) return null;
    const server = this.record ? queueTargetOf(this.record.url).display : (this.lastServer ?? '');
    return { server, submissions: this.record?.submissions ?? [], workers: this.record ? this.workers : null, message: this.message };
  }

  /** Sends every photo waiting here to the queue server of Settings and follows them. */
  start(): Promise<QueueState> {
    return this.serially(async () => {
      this.starting = true;
      try {
        return await this.send();
      } finally {
        this.starting = false;
      }
    });
  }

  private async send(): Promise<QueueState> {
    {
      const settings = this.deps.settings();
      if (settings.queueUrl === null) throw new HostError('INVALID_SETTINGS', "Enter the queue server's URL in Settings before starting a batch on it.");
      const url = settings.queueUrl;
      const target = queueTargetOf(url);
      if (this.record && this.record.url !== url) {
        const previous = queueTargetOf(this.record.url).display;
        throw new HostError(
          'UNSUPPORTED',
          `Photos sent to ${previous} are still being followed; let them finish or cancel them before sending photos to ${target.display}.`,
        );
      }
      if ((await this.deps.queue.server.plan()).length === 0) return this.deps.queue.state();
      const secret = queueSecret();
      const trusted = this.connectable(url);
      await this.reachable(trusted, 'the photos stay waiting here and nothing was sent');
      const plans = await this.deps.queue.server.plan(); // again: rows may have changed while connecting
      for (const folder of new Set(plans.map((p) => dirname(p.output)))) {
        await mkdir(folder, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
          throw new DvarError('OUTPUT_UNWRITABLE', `Cannot create the output folder ${folder} (${error.code ?? error.message}); choose another folder.`);
        });
      }
      const connection = this.connect(trusted);
      const jobs: RestoreJobData[] = plans.map((p) => remoteJobDataOf(p.input, p.output, { ...settings, restore: p.settings }));
      const record = await submitBatch(connection.queue, jobs, secret);
      this.deps.queue.server.markSent(plans.map((p, k) => ({ ...p, jobId: record.jobs[k]!.jobId })));
      this.record = { url, submissions: [...(this.record?.submissions ?? []), record.id] };
      this.message = null;
      this.persist();
      this.deps.log('info', `Sent ${plural(plans.length, 'photo', 'photos')} to the queue server at ${target.display} (submission ${record.id}).`);
      this.follow();
      return this.deps.queue.state();
    }
  }

  /**
   * Settings' CA certificate changed: the batch being followed reconnects trusting the new one, once a
   * test connection with it passes; BullMQ's connections retry a certificate it rejects for ever (only
   * saying "Lost the connection"), so a wrong CA is said here in its own words and nothing connects with it.
   */
  caChanged(): Promise<void> {
    return this.serially(async () => {
      if (!this.record || this.closed) return;
      await this.disconnect();
      this.lost = false;
      this.message = null;
      try {
        await this.reachable(this.connectable(this.record.url), 'the photos sent there are followed again once it can be reached');
        this.follow();
      } catch (error) {
        this.message = (error as Error).message;
        this.deps.log('warn', this.message);
      }
      this.deps.queue.notify();
    });
  }

  /** Removes the photos still waiting on the server (their rows become cancelled); running ones finish. */
  cancel(): Promise<QueueState> {
    return this.serially(async () => {
      if (!this.record) return this.deps.queue.state();
      await this.reachable(this.connectable(this.record.url), 'nothing was cancelled; try again once it answers');
      const rows = this.deps.queue.server.list();
      const removed = await this.removeWaiting(rows);
      const running = rows.length - removed;
      const left = running > 0 ? `; ${plural(running, 'photo', 'photos')} already on a worker will finish` : '';
      this.message = `Cancelled ${plural(removed, 'photo', 'photos')} still waiting on the queue server${left}.`;
      this.deps.log('info', this.message);
      this.follow();
      return this.deps.queue.state();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.busy.catch(() => undefined);
    await this.disconnect();
  }

  /** One start or cancel at a time: two quick clicks must not send the same photos twice. */
  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.busy.catch(() => undefined).then(run);
    this.busy = next;
    return next;
  }

  /** The server of `url`, trusting the CA certificate of Settings (throws its sentence if it cannot be read). */
  private connectable(url: string): QueueTarget {
    return connectableTarget(url, this.deps.settings().queueCaFile);
  }

  private async reachable(target: QueueTarget, consequence: string): Promise<void> {
    try {
      await checkQueueConnection(target, CONNECT_TIMEOUT_MS);
    } catch (error) {
      const words = connectionFailureWords(target, error);
      throw new HostError('RUNTIME', `${words.replace(/\.$/, '')}; ${consequence}.`);
    }
  }

  /** Removes the jobs of these rows that no worker has taken yet; returns how many went. */
  private async removeWaiting(rows: QueueItem[]): Promise<number> {
    const connection = this.connection;
    if (!connection) return 0;
    let removed = 0;
    for (const row of rows) {
      const job = await connection.queue.getJob(row.remote!.jobId);
      const state = job ? await job.getState() : 'unknown';
      if (!job || !['waiting', 'delayed', 'prioritized', 'paused'].includes(state)) continue;
      // A worker may take it between the two calls: then removing fails (it is locked) and it finishes.
      const gone = await job.remove().then(
        () => true,
        () => false,
      );
      if (!gone) continue;
      removed++;
      this.deps.queue.server.applyNews(row.id, { status: 'cancelled', progress: 0, error: 'Cancelled before a worker took it.', pass: null });
    }
    return removed;
  }

  private connect(target: QueueTarget): Connection {
    if (this.connection) return this.connection;
    const clients = new QueueClients(target.connection);
    const queue: RestoreQueue = new Queue<RestoreJobData, RestoreJobResult>(RESTORE_QUEUE_NAME, { connection: clients.client });
    const events = new QueueEvents(RESTORE_QUEUE_NAME, { connection: clients.client });
    // ioredis reconnects by itself after an outage; say once that it is trying, the workers carry on.
    const onError = (error: Error) => {
      if (this.lost || this.closed) return;
      this.lost = true;
      this.message = `Lost the connection to the queue server at ${target.display} (${error.message.split('\n')[0]}); reconnecting, and the workers carry on.`;
      this.deps.log('warn', this.message);
      this.deps.queue.notify();
    };
    queue.on('error', onError);
    events.on('error', onError);
    events.on('active', ({ jobId }) => this.onActive(jobId));
    const timer = setInterval(() => void this.countWorkers(), WORKERS_POLL_MS);
    this.connection = { target, clients, queue, events, timer };
    void this.countWorkers();
    return this.connection;
  }

  private async disconnect(): Promise<void> {
    this.watch?.abort();
    this.watch = null;
    const connection = this.connection;
    this.connection = null;
    if (!connection) return;
    clearInterval(connection.timer);
    const { events, queue } = connection;
    await connection.clients.close(() => Promise.all([events.close(), queue.close()]), { deadlineMs: FOLLOWER_CLOSE_DEADLINE_MS });
  }

  private counting = false;
  private async countWorkers(): Promise<void> {
    const connection = this.connection;
    if (!connection || this.counting) return;
    this.counting = true;
    try {
      const workers = await connectedWorkers(connection.queue);
      if (this.connection !== connection) return;
      const back = this.lost;
      this.lost = false;
      if (back) this.message = null;
      if (workers !== this.workers || back) {
        this.workers = workers;
        this.deps.queue.notify();
      }
    } finally {
      this.counting = false;
    }
  }

  /** (Re)starts following the rows still on the server; once none is left, the batch is over. */
  private follow(): void {
    this.watch?.abort();
    const rows = this.deps.queue.server.list();
    if (!this.record || rows.length === 0 || this.closed) return this.finishBatch();
    let connection: Connection;
    try {
      connection = this.connect(this.connectable(this.record.url));
    } catch (error) {
      // The CA certificate went missing since it was set: say so; setting it again follows the photos again.
      this.message = `${(error as Error).message.replace(/\.$/, '')} in ${QUEUE_SETTINGS}, and the photos sent to ${queueTargetOf(this.record.url).display} are followed again.`;
      this.deps.log('warn', this.message);
      this.deps.queue.notify();
      return;
    }
    const controller = new AbortController();
    this.watch = controller;
    const record: SubmissionRecord = {
      id: this.record.submissions.at(-1) ?? '',
      createdAt: new Date().toISOString(),
      jobs: rows.map((row) => ({ jobId: row.remote!.jobId, input: row.input, output: row.output! })),
    };
    void (async () => {
      await connection.events.waitUntilReady();
      if (controller.signal.aborted) return;
      await watchSubmission(connection.queue, connection.events, record, { signal: controller.signal, onUpdate: (update) => this.onUpdate(update) });
      if (!controller.signal.aborted) this.finishBatch();
    })().catch((error: unknown) => {
      if (!controller.signal.aborted) this.deps.log('error', `Following the queue server stopped: ${(error as Error)?.message ?? String(error)}`);
    });
  }

  private finishBatch(): void {
    if (this.starting) return; // Start follows its photos, and the rest, once they are sent
    if (this.record) this.lastServer = queueTargetOf(this.record.url).display;
    this.record = null;
    this.persist();
    void this.disconnect().then(() => this.deps.queue.notify());
  }

  private persist(): void {
    this.deps.store.set(STORE_KEY, this.record);
  }

  private rowOf(jobId: string): QueueItem | undefined {
    return this.deps.queue.server.list().find((row) => row.remote!.jobId === jobId);
  }

  private onActive(jobId: string): void {
    const row = this.rowOf(jobId);
    if (row && row.status === 'pending') this.deps.queue.server.applyNews(row.id, { status: 'running' });
  }

  private onUpdate(update: SubmissionUpdate): void {
    const row = this.rowOf(update.job.jobId);
    if (!row) return; // removed from the list, or cancelled meanwhile
    if (update.type === 'progress') {
      const { progress, worker } = update.progress;
      this.deps.queue.server.applyNews(row.id, {
        status: 'running',
        progress: Math.min(0.999, Math.max(row.progress, progress)),
        worker,
        pass: pickReported(update.progress, passPositionSchema),
      });
      return;
    }
    if (update.type === 'failed') {
      this.deps.queue.server.applyNews(row.id, { status: 'failed', error: update.reason, pass: null });
      this.deps.emit('restore:failed', { jobId: row.id, input: row.input, message: update.reason, cancelled: false });
      return;
    }
    const result = update.result;
    if (result.status === 'skipped') {
      this.deps.queue.server.applyNews(row.id, {
        status: 'skipped',
        progress: 1,
        error: `${row.output} already exists; turn off "skip photos already restored" to restore it again under a new name.`,
        worker: result.worker,
        pass: null,
      });
      return;
    }
    this.deps.allowPath(row.output!);
    this.deps.queue.server.applyNews(row.id, { status: 'done', progress: 1, ms: result.ms, error: null, worker: result.worker, pass: null });
    this.deps.emit('restore:done', { jobId: row.id, input: row.input, output: row.output!, ms: result.ms });
  }
}
