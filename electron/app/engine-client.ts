// The host thread's handle on the engine worker: open a pack, restore a photo, cancel. The worker is
// started on first use and again after it dies; a dead worker fails its jobs with a sentence instead
// of taking the host down. Restores never reject: every ending is a JobOutcome.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DvarError } from '../engine/definitions.ts';
import type { EngineConfig, EngineInfo, FileJob, FromWorker, JobOutcome, ToWorker, WireJobEvent } from './engine-messages.ts';

export type { EngineConfig, EngineInfo, FileJob, JobOutcome, WireJobEvent, WireScaleEvent } from './engine-messages.ts';

export type LogFn = (level: 'info' | 'warn' | 'error', message: string) => void;

/** What the queue and single restores need; EngineClient fits, and so does a test fake. */
export interface EngineRunner {
  open(config: EngineConfig): Promise<EngineInfo>;
  restore(jobId: string, config: EngineConfig, job: FileJob, onEvent?: (event: WireJobEvent) => void): Promise<JobOutcome>;
  cancel(jobId: string): void;
}

function spawnWorker(): Worker {
  const extension = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./engine-worker${extension}`, import.meta.url);
  if (extension !== '.ts') return new Worker(entry);
  // Running from source through tsx (tests, `npm run web`): on Node 20 a worker does not inherit
  // tsx's loader, so the worker loads tsx's API first and imports the TypeScript entry through it.
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true });
}

/** How long close() waits for the graph run in flight before saying it cannot stop safely. */
const CLOSE_WAIT_MS = 120_000;

function configKey(config: EngineConfig): string {
  return JSON.stringify([config.packDir, config.threads ?? null, config.providers ?? null]);
}

interface PendingJob {
  onEvent?: (event: WireJobEvent) => void;
  resolve: (outcome: JobOutcome) => void;
  started: number;
}

export class EngineClient implements EngineRunner {
  private worker: Worker | null = null;
  private nextRequest = 1;
  private readonly requests = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  private readonly jobs = new Map<string, PendingJob>();
  private closed = false;
  /** The provider each engine configuration last opened with, for app:info without waiting on a job. */
  private readonly providers = new Map<string, EngineInfo['provider']>();

  constructor(private readonly log: LogFn = () => undefined) {}

  async open(config: EngineConfig): Promise<EngineInfo> {
    const info = await this.request<EngineInfo>((requestId) => ({ type: 'open', requestId, config }));
    this.providers.set(configKey(config), info.provider);
    return info;
  }

  /** The provider `config` opened with most recently, if it has been opened. */
  knownProvider(config: EngineConfig): EngineInfo['provider'] | null {
    return this.providers.get(configKey(config)) ?? null;
  }

  /** True while a restore runs or waits (an open would queue behind it). */
  get busy(): boolean {
    return this.jobs.size > 0;
  }

  restore(jobId: string, config: EngineConfig, job: FileJob, onEvent?: (event: WireJobEvent) => void): Promise<JobOutcome> {
    if (this.jobs.has(jobId)) throw new Error(`Job ${jobId} is already running.`);
    return new Promise((resolve) => {
      const forward = (event: WireJobEvent) => {
        if (event.type === 'engine-ready') this.providers.set(configKey(config), event.provider);
        onEvent?.(event);
      };
      this.jobs.set(jobId, { onEvent: forward, resolve, started: Date.now() });
      this.send({ type: 'restore', jobId, config, job });
    });
  }

  /** Aborts between scales and tiles; the job then finishes with status `cancelled`. */
  cancel(jobId: string): void {
    if (this.jobs.has(jobId)) this.worker?.postMessage({ type: 'cancel', jobId } satisfies ToWorker);
  }

  /**
   * Cancels running work, waits for the graph run in flight to return, closes the ONNX sessions and ends
   * the thread. The thread is never ended while onnxruntime runs: a worker terminated mid-run aborts
   * the whole process when the run returns ("terminate called after throwing an instance of
   * 'Napi::Error'"), and so does leaving the process with process.exit. A run that has not returned after
   * `waitMs` (one run can take many seconds) rejects with a sentence; the caller must then leave without
   * waiting for the thread, or call close() again.
   */
  async close(waitMs = CLOSE_WAIT_MS): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), waitMs)));
    const closing = this.request<void>((requestId) => ({ type: 'close', requestId })).catch(() => undefined);
    const ended = await Promise.race([closing, stuck]);
    clearTimeout(timer);
    if (ended === 'stuck') {
      const seconds = Math.ceil(waitMs / 1000);
      throw new DvarError('RUNTIME', `The restore engine did not finish its current step within ${seconds} s, so it cannot be stopped safely.`);
    }
    await worker.terminate();
  }

  private request<T>(message: (requestId: number) => ToWorker): Promise<T> {
    const requestId = this.nextRequest++;
    return new Promise<T>((resolve, reject) => {
      this.requests.set(requestId, { resolve: resolve, reject });
      this.send(message(requestId));
    });
  }

  private send(message: ToWorker): void {
    if (this.closed && message.type !== 'close') {
      this.failEverything('The restore engine has been shut down.');
      return;
    }
    this.ensureWorker().postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker();
    this.worker = worker;
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.log('error', `The engine worker failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (!this.closed) this.log('warn', `The engine worker stopped (exit code ${code}).`);
      this.failEverything(`The restore engine stopped unexpectedly (exit code ${code}); try again.`);
    });
    return worker;
  }

  private failEverything(message: string): void {
    for (const { reject } of this.requests.values()) reject(new DvarError('RUNTIME', message));
    this.requests.clear();
    for (const { resolve, started } of this.jobs.values()) {
      resolve({ status: 'failed', ms: Date.now() - started, message, code: 'RUNTIME', stopsBatch: false });
    }
    this.jobs.clear();
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'opened':
      case 'closed':
      case 'open-failed': {
        const pending = this.requests.get(message.requestId);
        this.requests.delete(message.requestId);
        if (message.type === 'open-failed') {
          const { code, message: text, params } = message.error;
          pending?.reject(new DvarError(code as DvarError['code'], text, { params }));
        } else {
          pending?.resolve((message.type === 'opened' ? message.info : undefined) as never);
        }
        return;
      }
      case 'event':
        this.jobs.get(message.jobId)?.onEvent?.(message.event);
        return;
      case 'finished': {
        const job = this.jobs.get(message.jobId);
        this.jobs.delete(message.jobId);
        job?.resolve(message.outcome);
        return;
      }
      case 'log':
        this.log(message.level, message.message);
        return;
    }
  }
}
