// The engine's worker thread: it owns the open DvarEngine and runs whole photos through the shared
// job runner (decode, restore, resample, encode and the atomic write), so no pixel loop ever runs on
// the host's event loop. Jobs run one at a time in arrival order; a cancel message aborts the job's
// AbortController, which the engine checks between scales and tiles.
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { DvarEngine, stopGraphRuns } from '../engine/index.ts';
import { DvarError } from '../engine/definitions.ts';
import type { PreviewImage } from '../engine/definitions.ts';
import { restoreFiles } from '../jobs/index.ts';
import type { EngineConfig, EngineInfo, FileJob, FromWorker, JobOutcome, ToWorker, WireError, WireJobEvent } from './engine-messages.ts';

const port = parentPort;
if (!port) throw new Error('engine-worker.ts runs as a worker thread; use EngineClient.');
const post = (message: FromWorker) => port.postMessage(message);

let current: { key: string; engine: DvarEngine } | null = null;
let queue: Promise<unknown> = Promise.resolve();
const controllers = new Map<string, AbortController>();

/** One engine operation at a time: ONNX sessions are not shared between concurrent runs. */
function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work);
  queue = run.catch(() => undefined);
  return run;
}

async function engineFor(config: EngineConfig): Promise<DvarEngine> {
  const key = JSON.stringify([config.packDir, config.threads ?? null, config.providers ?? null]);
  if (current?.key === key) return current.engine;
  const previous = current;
  current = null;
  await previous?.engine.close();
  const engine = await DvarEngine.open(config.packDir, { threads: config.threads, providers: config.providers });
  current = { key, engine };
  post({ type: 'log', level: 'info', message: `Opened model pack ${engine.packName}: ${engine.provider.reason}` });
  return engine;
}

function info(engine: DvarEngine): EngineInfo {
  return { packName: engine.packName, upscale: engine.upscale, textConditioning: engine.textConditioning, provider: engine.provider };
}

function wireError(error: unknown): WireError {
  if (error instanceof DvarError) return { code: error.code, message: error.message, params: error.params };
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/\.$/, '');
  return { code: 'RUNTIME', message: `The restore engine failed unexpectedly (${text}); please report this.` };
}

async function encodePreview(preview: PreviewImage): Promise<string> {
  const raw = { width: preview.width, height: preview.height, channels: 3 as const };
  const png = await sharp(preview.data, { raw }).png({ compressionLevel: 3 }).toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

async function runJob(jobId: string, config: EngineConfig, job: FileJob, signal: AbortSignal): Promise<JobOutcome> {
  const started = Date.now();
  let outcome: Omit<JobOutcome, 'ms'> | null = null;
  // Events go out in order; a scale event waits for its preview to be encoded.
  let sending: Promise<void> = Promise.resolve();
  const send = (event: WireJobEvent | (() => Promise<WireJobEvent>)) => {
    sending = sending.then(async () => post({ type: 'event', jobId, event: typeof event === 'function' ? await event() : event }));
  };
  // The photo's size arrives with its file-start event, before any of its scale events.
  let image = { width: 0, height: 0 };
  try {
    const { input, output, ...options } = job;
    const summary = await restoreFiles([{ input, output }], {
      ...options,
      openEngine: () => engineFor(config),
      signal,
      onEvent: (event) => {
        if (event.type === 'file-start') image = { width: event.width, height: event.height };
        if (event.type === 'scale') {
          const { preview, ...scale } = event.event;
          const size = image;
          send(async () => ({ ...event, event: { ...scale, image: size, preview: preview ? await encodePreview(preview).catch(() => null) : null } }));
          return;
        }
        if (event.type === 'file-done') outcome = { status: 'done', message: null, code: null, stopsBatch: false };
        if (event.type === 'file-skipped') {
          const message = `${event.output} already exists; turn off "skip photos already restored" to restore it again under a new name.`;
          outcome = { status: 'skipped', message, code: 'OUTPUT_EXISTS', stopsBatch: false };
        }
        if (event.type === 'file-failed') {
          outcome = { status: 'failed', message: event.message, code: event.code, params: event.params, stopsBatch: false };
          if (event.stack) post({ type: 'log', level: 'error', message: `${event.message}\n${event.stack}` });
          const { stack: _stack, ...rest } = event;
          return send(rest);
        }
        send(event);
      },
    });
    if (summary.cancelled) outcome = { status: 'cancelled', message: 'The restore was cancelled.', code: 'CANCELLED', stopsBatch: false };
  } catch (error) {
    if (error instanceof DvarError && error.code === 'CANCELLED') {
      outcome = { status: 'cancelled', message: error.message, code: error.code, stopsBatch: false };
    } else {
      const wire = wireError(error);
      if (!(error instanceof DvarError)) post({ type: 'log', level: 'error', message: `${wire.message}\n${(error as Error)?.stack ?? ''}` });
      outcome = { status: 'failed', ...wire, stopsBatch: true };
    }
  }
  await sending;
  const fallback: Omit<JobOutcome, 'ms'> = { status: 'failed', message: `${job.input} was not restored.`, code: 'RUNTIME', stopsBatch: false };
  return { ...(outcome ?? fallback), ms: Date.now() - started };
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'open':
      serial(() => engineFor(message.config)).then(
        (engine) => post({ type: 'opened', requestId: message.requestId, info: info(engine) }),
        (error) => post({ type: 'open-failed', requestId: message.requestId, error: wireError(error) }),
      );
      return;
    case 'restore': {
      // Created on arrival, so a job cancelled while it waits its turn never starts.
      const controller = new AbortController();
      controllers.set(message.jobId, controller);
      void serial(() => runJob(message.jobId, message.config, message.job, controller.signal))
        .then((outcome) => post({ type: 'finished', jobId: message.jobId, outcome }))
        .finally(() => controllers.delete(message.jobId));
      return;
    }
    case 'cancel':
      controllers.get(message.jobId)?.abort();
      return;
    case 'close':
      // The running job stops before its next graph run; 'closed' goes out only once no onnxruntime
      // call is in flight, so the host may then end this thread without cutting one off.
      stopGraphRuns();
      for (const controller of controllers.values()) controller.abort();
      void serial(async () => {
        await current?.engine.close();
        current = null;
      }).finally(() => post({ type: 'closed', requestId: message.requestId }));
      return;
  }
});
