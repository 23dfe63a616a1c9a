// The app's host side as a plain Node module: the Electron main process (through ipcMain) and the web
// host (through a WebSocket) both create one AppHost and pass requests and events through unchanged.
// Every request is validated against the contract here; every failure leaves as one sentence with a
// code. Nothing here imports Electron: what only Electron can do (dialogs, Finder/Explorer, its own
// URL scheme) comes in as hooks.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isRequestChannel,
  parseRequest,
  type EventChannel,
  type EventOf,
  type RequestChannel,
  type RequestOf,
  type requests,
  type ResponseOf,
  type Settings,
} from '../ipc/contract.ts';
import type { z } from 'zod';
import { acceleratorsHere, bundledPackDir, DEFAULT_PACK_DIR, isBarePackName } from '../engine/definitions.ts';
import { EngineClient } from './engine-client.ts';
import { FilesService } from './files-service.ts';
import { createHostLog, type LogLevel } from './host-log.ts';
import { HostError, toRequestFailure } from './host-error.ts';
import { appErrorSentence } from './error-words.ts';
import { engineConfigOf } from './job-config.ts';
import { PacksService } from './packs-service.ts';
import { allowOnlyPhotoDecoders } from './photo-decoders.ts';
import { BatchQueue } from './queue.ts';
import { testQueueConnection } from './queue-connection-test.ts';
import { settingsForWindow, withStoredPassword } from './queue-server-url.ts';
import { expandUserPath } from './user-path.ts';
import { RemoteBatch } from './remote-batch.ts';
import { RestoreJobs } from './restore-jobs.ts';
import { finishedResults } from './results-archive.ts';
import { saveResultsArchive } from './save-results.ts';
import { SAMPLE_PHOTO, sampleCopy } from './sample-photo.ts';
import { SettingsService } from './settings-service.ts';
import { settingsPatchProblem } from './settings-words.ts';
import { SpeedMemory } from '../jobs/index.ts';
import { createFileStore, type KeyValueStore } from './store.ts';
import { ThumbnailCache } from './thumbnails.ts';
import { makePrivateDir } from './private-files.ts';
import { sealStoredSecrets, type SecretSealer } from './sealed-secrets.ts';

export type { KeyValueStore } from './store.ts';
export { createFileStore } from './store.ts';
export { HostError } from './host-error.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The engine's DEFAULT_PACK_DIR, from a module that does not load onnxruntime into the host thread. */
export const BUNDLED_PACK_DIR = DEFAULT_PACK_DIR;

export interface AppHostOptions {
  /** Settings, queue, thumbnail cache and log live here (Electron: app.getPath('userData')). */
  userDataDir: string;
  hostKind: 'electron' | 'web';
  version: string;
  /** Electron passes its electron-store; default: `<userDataDir>/config.json` through conf. */
  store?: KeyValueStore;
  /** Encrypts the queue password before it is stored (Electron: the OS keychain); without it, it is kept in the 0600 store file. */
  secrets?: SecretSealer;
  /** URL under which the renderer can load an original or an output the host allowed (see canServe). */
  imageUrl(path: string): string;
  /** URL of a file in the thumbnail cache (thumbnailDir). */
  thumbnailUrl(cacheFile: string): string;
  /** Native open dialog; without it files:pick answers that the dialog needs the desktop app. */
  pickFiles?(folders: boolean): Promise<string[]>;
  /** Show the file in Finder/Explorer. */
  reveal?(path: string): Promise<void>;
  /** Native save dialog (results:save-zip): the full path chosen for `suggestedName`, or null when cancelled. */
  saveFile?: (suggestedName: string) => Promise<string | null>;
  /** Receives every log line. */
  log?: (level: LogLevel, message: string) => void;
  /**
   * The log file `app:info` reports. Given together with `log`, that callback writes it (Electron
   * main: main.log) and the host keeps no file of its own; alone, the host writes its log there.
   * Default: `<userDataDir>/logs/host.log`, written by the host.
   */
  logPath?: string;
  /**
   * Default: `<repo>/models/packs/default`; a packaged app passes its resources folder. The other
   * bundled packs (engine/bundled-packs.ts) are found beside it.
   */
  defaultPackDir?: string;
  /** Where `model-card-<name>.md` of each bundled pack lives; default `<repo>/docs`. */
  modelCardsDir?: string;
  /** The photo `files:sample` opens a copy of (read with fs, so inside app.asar too); default `<repo>/samples/…`. */
  samplePhoto?: string;
}

export interface AppHost {
  /** One request of the contract; resolves with its response or rejects with a HostError (message + code). */
  handle<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** The same for a request off the wire (IPC, WebSocket): validated here before anything runs. */
  handle(channel: string, payload: unknown): Promise<unknown>;
  /** Every event of the contract; returns the unsubscribe function. */
  on(listener: (channel: EventChannel, payload: unknown) => void): () => void;
  /** True for inputs that probed as photos, outputs the host wrote and thumbnail cache files: what a URL handler may serve. */
  canServe(path: string): boolean;
  readonly thumbnailDir: string;
  /** Stops the running photo (the queue resumes it on the next start), ends the worker. */
  close(): Promise<void>;
}

type Handlers = { [C in RequestChannel]: (request: z.infer<(typeof requests)[C][0]>) => Promise<ResponseOf<C>> | ResponseOf<C> };

export async function createAppHost(options: AppHostOptions): Promise<AppHost> {
  allowOnlyPhotoDecoders(); // before anything decodes: no SVG, text or libvips-native "images" in this process
  makePrivateDir(options.userDataDir); // settings, the queue, thumbnails and the log: this user's alone
  const resets: string[] = []; // said once the log exists
  const fileStore = options.store ?? createFileStore(options.userDataDir, 'config', (message) => resets.push(message));
  const store = options.secrets ? sealStoredSecrets(fileStore, options.secrets, (message) => log('warn', message)) : fileStore;
  const defaultPackDir = resolve(options.defaultPackDir ?? BUNDLED_PACK_DIR);
  const logPath = resolve(options.logPath ?? join(options.userDataDir, 'logs', 'host.log'));
  const callerWritesLog = options.logPath !== undefined && options.log !== undefined;

  const listeners = new Set<(channel: EventChannel, payload: unknown) => void>();
  const emit = <C extends EventChannel>(channel: C, payload: EventOf<C>) => {
    for (const listener of listeners) {
      try {
        listener(channel, payload);
      } catch (error) {
        log('error', `An event listener for ${channel} failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  };
  const log = createHostLog(callerWritesLog ? null : logPath, { log: options.log, event: (level, message) => emit('log', { level, message }) });

  for (const message of resets) log('warn', message);
  const settings = new SettingsService(store, (name) => isBarePackName(name) && bundledPackDir(name, defaultPackDir) !== null);
  const engine = new EngineClient(log);
  const engineConfig = () => engineConfigOf(settings.get(), defaultPackDir);
  const thumbnails = new ThumbnailCache(join(options.userDataDir, 'thumbnails'));
  const files = new FilesService(thumbnails, options);
  const allowPath = (path: string) => files.allow(path);
  const packs = new PacksService(store, defaultPackDir, options.modelCardsDir ?? join(REPO_ROOT, 'docs'), log);
  // A single restore teaches the speed too; the queue's state carries it to every view.
  const speed = new SpeedMemory(store, () => queue?.notify());
  const shared = { engine, settings: () => settings.get(), engineConfig, speed, emit, allowPath };
  const queue: BatchQueue = await BatchQueue.load({ ...shared, store, log });
  const jobs = new RestoreJobs(shared);
  const remote = new RemoteBatch({ queue, settings: () => settings.get(), store, log, emit, allowPath });
  const onQueueServer = () => settings.get().batchRunsOn === 'queue-server';
  settings.onChange((next, previous) => {
    emit('settings:changed', settingsForWindow(next)); // every view and window shows the change at once
    queue.notify(); // the queue's state shows the output settings
    if (next.queueCaFile !== previous.queueCaFile) void remote.caChanged();
  });

  const handlers: Handlers = {
    'app:info': async () => {
      const config = engineConfig();
      let provider = engine.knownProvider(config);
      if (!provider && !engine.busy)
        provider = await engine.open(config).then(
          (info) => info.provider,
          (error: Error) => ({ name: 'none', reason: appErrorSentence(error), graphs: {} }),
        );
      return {
        version: options.version,
        provider: provider?.name ?? 'pending',
        providerReason: provider?.reason ?? 'The engine is busy restoring a photo; its provider is reported once that photo is done.',
        logPath,
        host: options.hostKind,
        accelerators: acceleratorsHere(),
      };
    },
    'settings:get': () => settingsForWindow(settings.get()),
    'settings:set': (patch) => settingsForWindow(settings.update(patch)),
    'settings:test-queue': ({ url, caFile }) => {
      const stored = settings.get().queueUrl;
      if (url === undefined && stored === null) return { ok: false, message: "Enter the queue server's URL first, such as redis://queue-host:6379." };
      const ca = caFile === undefined ? settings.get().queueCaFile : caFile === null || caFile.trim() === '' ? null : expandUserPath(caFile);
      return testQueueConnection(url === undefined ? stored! : withStoredPassword(url.trim(), stored), ca);
    },
    'files:add': ({ paths, recursive }) => files.add(paths, recursive),
    'files:pick': ({ folders }) => files.pick(folders),
    'files:thumbnail': ({ path, maxSide }) => files.thumbnail(path, maxSide),
    'files:image-url': ({ path }) => files.imageUrl(path),
    'files:reveal': ({ path }) => files.reveal(path),
    'files:sample': async () => {
      const { files: opened, errors } = await files.add([await sampleCopy(options.samplePhoto ?? SAMPLE_PHOTO, options.userDataDir)], false);
      if (!opened[0]) throw new HostError('NOT_FOUND', errors[0] ?? 'The sample photo could not be opened; open one of your own photos instead.');
      return opened[0];
    },
    'restore:start': ({ path, settings: restore, region, jobId }) => jobs.start(path, restore, region, jobId),
    'restore:cancel': ({ jobId }) => {
      if (!jobs.cancel(jobId)) queue.cancelItem(jobId); // finished or unknown jobs: nothing left to cancel
      return {};
    },
    'queue:get': () => queue.state(),
    'queue:add': ({ paths, recursive }) => queue.add(paths, recursive),
    'queue:configure': (request) => {
      const patch: Partial<Settings> = {};
      if (request.settings !== undefined) patch.restore = request.settings;
      if (request.outputDir !== undefined) patch.outputDir = request.outputDir;
      settings.update(patch);
      return queue.state();
    },
    // With "Batch runs on: a queue server", Start and Retry send the photos there (remote-batch.ts).
    'queue:start': () => (onQueueServer() ? remote.start() : queue.start()),
    'queue:pause': () => queue.pause(),
    'queue:cancel': async () => {
      queue.cancel();
      return remote.cancel();
    },
    'queue:retry': ({ id }) => {
      if (!onQueueServer()) return queue.retry(id);
      queue.retry(id, false);
      return remote.start();
    },
    'queue:remove': ({ id }) => queue.remove(id),
    'queue:set-options': ({ id, settings: own }) => queue.setOptions(id, own),
    'queue:clear-finished': () => queue.clearFinished(),
    'results:save-zip': () =>
      saveResultsArchive({
        results: () => ({ paths: finishedResults(queue.state().items).filter((path) => files.canServe(path)), outputDir: settings.get().outputDir }),
        canServe: (path) => files.canServe(path),
        chooseFile: options.saveFile,
        log,
      }),
    'packs:list': () => packs.list(),
    'packs:import': ({ dir }) => packs.import(dir),
  };

  let closed = false;
  queue.resume();
  remote.resume();
  log('info', `DVAR Studio ${options.version} host started (${options.hostKind}) with data in ${options.userDataDir}.`);

  async function handle(channel: string, payload: unknown): Promise<unknown> {
    if (closed) throw new HostError('UNSUPPORTED', 'DVAR Studio is shutting down; try again after it restarts.');
    if (!isRequestChannel(channel)) throw new HostError('UNKNOWN_CHANNEL', `Unknown request channel "${channel}".`);
    let request: unknown;
    try {
      request = parseRequest(channel, payload);
    } catch (error) {
      // A bad setting is something a person typed: say what the field accepts, in their words.
      const plain = channel === 'settings:set' ? settingsPatchProblem(payload) : null;
      throw new HostError('INVALID_REQUEST', plain ?? (error as Error).message);
    }
    try {
      return await (handlers[channel] as (request: unknown) => unknown)(request);
    } catch (error) {
      const failure = toRequestFailure(error, channel);
      if (failure.code === 'INTERNAL') log('error', `${channel} failed: ${(error as Error)?.stack ?? String(error)}`);
      throw new HostError(failure.code as HostError['code'], appErrorSentence(error, failure));
    }
  }

  return {
    // One implementation answers both overloads: it validates whatever it is given against the contract.
    handle: handle,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    canServe: (path) => files.canServe(path),
    thumbnailDir: thumbnails.dir,
    async close() {
      if (closed) return;
      closed = true;
      await queue.close();
      await remote.close();
      await jobs.close();
      await engine.close();
      listeners.clear();
    },
  };
}
