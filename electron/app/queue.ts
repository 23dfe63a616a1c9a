// The batch queue: photos wait as `pending`, run one at a time in the engine worker, and end `done`,
// `skipped`, `failed` (with the one-sentence reason on their row) or `cancelled`. Every change is
// persisted, so after a crash, a kill or a restart the photo that was running is pending again (or done,
// when its output is there and newer than that run's start: the process died between writing it and
// saying so) and a queue that was running carries on. Pause lets the running photo finish (a restore cannot be resumed
// mid-way, so interrupting it would throw its work away) and starts no other; the state says it is
// `pausing` until then. Cancel ends the batch and marks what had not finished. Paths that are no photo
// get a `rejected` row with the reason when they are added, and never run.
// Output settings are the user's settings (one source of truth); each photo takes them when it starts.
// Rows sent to a queue server (`remote`) are run by its workers: queue-server-rows.ts plans and records
// them, remote-batch.ts follows them; this queue never runs them itself and keeps them across restarts.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DvarError } from '../engine/definitions.ts';
import { isDvarOutputFile, writtenSince } from '../image-files/index.ts';
import type { QueueItem, QueueState, RestoreSettings, Settings } from '../ipc/contract.ts';
import { collectInputs, removeStaleTempFiles } from '../jobs/index.ts';
import type { LogFn, WireJobEvent } from './engine-client.ts';
import { mapLimited } from './files-service.ts';
import { HostError } from './host-error.ts';
import { appMessage, fileJobOf, scaleProgressOf } from './job-config.ts';
import { existingOutputRule, type ExistingOutputRule } from './existing-outputs.ts';
import { DEFAULT_NAMING_TEMPLATE } from './naming-template.ts';
import { nameKey, pathKey, planOutputChecked } from './output-plan.ts';
import { probePhoto } from './probe-photo.ts';
import type { RestoreJobsDeps } from './restore-jobs.ts';
import { estimateEtaMs, plannedMs } from './queue-eta.ts';
import { PhotoStopwatch } from '../jobs/index.ts';
import { FINISHED, onServer, optionsOf, PROGRESS_EMIT_MS, storedItem, waitingHere, type Item } from './queue-rows.ts';
import { ServerRows, type RemoteHooks } from './queue-server-rows.ts';
import type { KeyValueStore } from './store.ts';
import { expandUserPath } from './user-path.ts';

const STORE_KEY = 'queue';

const storedQueue = z.object({ items: z.array(z.unknown()), running: z.boolean(), paused: z.boolean() });

/** What a single restore needs (restore-jobs.ts), plus where the queue persists and logs. */
export interface QueueDeps extends RestoreJobsDeps {
  store: KeyValueStore;
  log: LogFn;
}

type Interruption = 'cancel' | 'close';

interface Current {
  item: Item;
  started: number;
  interruption: Interruption | null;
  watch: PhotoStopwatch;
  /** The engine's clock at the photo's last progress event, and when that event arrived. */
  last: { elapsedMs: number; progress: number; at: number } | null;
}

export class BatchQueue {
  private items: Item[] = [];
  private running = false;
  private paused = false;
  private current: Current | null = null;
  private pumping: Promise<void> | null = null;
  private closed = false;
  /** Earlier DVAR results Start would replace (state().replaces), recounted while idle; see recountReplaces. */
  private replaces = 0;
  private recounting: Promise<void> | null = null;
  private recountAgain = false;
  private finished = { ms: 0, pixels: 0 };
  private lastProgressEmit = 0;
  private remote: RemoteHooks | null = null;
  /** The rows sent to a queue server: planned here, then followed by remote-batch.ts. */
  readonly server = new ServerRows({
    items: () => this.items,
    settings: () => this.deps.settings(),
    plannedOutput: (item, settings, planned) => this.planItem(item, settings, planned, true),
    changed: () => this.changed(),
    notify: () => this.notify(),
  });

  private constructor(private readonly deps: QueueDeps) {}

  /** The persisted queue, with a photo that was running (the process died under it) pending again. */
  static async load(deps: QueueDeps): Promise<BatchQueue> {
    const queue = new BatchQueue(deps);
    const raw = deps.store.get(STORE_KEY);
    const stored = storedQueue.safeParse(raw);
    if (!stored.success) {
      if (raw !== undefined) deps.log('warn', `The saved batch queue could not be read (${JSON.stringify(raw).slice(0, 200)}); the queue starts empty.`);
      return queue;
    }
    const dropped: unknown[] = [];
    for (const raw of stored.data.items) {
      const parsed = storedItem.safeParse(raw);
      if (!parsed.success) {
        dropped.push(raw);
        continue;
      }
      const item = parsed.data;
      if (item.status === 'running' && !item.remote) {
        // What the dead run left of its atomic write (writers still alive are left alone, stale-temp-files.ts).
        if (item.output) await removeStaleTempFiles(item.output);
        if (item.output && item.startedAt !== undefined && (await writtenSince(item.output, item.startedAt)))
          Object.assign(item, { status: 'done', progress: 1, error: null, ms: null });
        else Object.assign(item, { status: 'pending', progress: 0, output: null, settings: undefined });
      }
      if (item.output) deps.allowPath(item.output);
      queue.items.push(item);
    }
    // Inputs become servable again only if they still probe as photos: the file may have changed, and
    // a queue written by an older version may hold a path that never was one.
    const photos = await mapLimited(queue.items, 8, (item) =>
      probePhoto(item.input).then(
        () => true,
        () => false,
      ),
    );
    queue.items.forEach((item, index) => photos[index] && deps.allowPath(item.input));
    if (dropped.length > 0) {
      // The log keeps them: the queue is rewritten below, without them.
      const rows = JSON.stringify(dropped).slice(0, 4000);
      deps.log(
        'warn',
        `${dropped.length} row(s) of the saved batch queue could not be read and were dropped (${rows}); the other ${queue.items.length} are kept.`,
      );
    }
    queue.running = stored.data.running;
    queue.paused = stored.data.paused;
    queue.persist();
    return queue;
  }

  /** Carries on where a previous process stopped, if it was running. Call once listeners are attached. */
  resume(): void {
    if (this.running && !this.paused) this.pump();
  }

  state(): QueueState {
    const settings = this.deps.settings();
    return {
      items: this.items.map(({ relativeDir: _r, pixels: _p, startedAt: _s, ...item }) => ({ ...item })),
      paused: this.paused,
      running: this.running,
      settings: settings.restore,
      outputDir: settings.outputDir,
      etaMs: this.etaMs(),
      pausing: this.paused && this.items.some((i) => i.status === 'running'),
      plannedMs: plannedMs(
        this.msPerPixel(),
        this.items.filter((i) => i.status === 'pending').map((i) => i.pixels),
      ),
      msPerInputMP: this.deps.speed.msPerInputMP(this.deps.engineConfig()),
      remote: this.remote?.status() ?? null,
      ...(this.replaces > 0 ? { replaces: this.replaces } : {}),
    };
  }

  /** Re-announces the state, e.g. after the settings it shows changed. */
  notify(): void {
    this.deps.emit('queue:changed', this.state());
    this.recountReplaces();
  }

  /**
   * Queues photos (`~` and relative paths start from the home folder, user-path.ts). Every file is
   * probed first (probe-photo.ts): one that does not exist or is no photo, named or found in a folder,
   * gets a `rejected` row with its sentence, never runs and never becomes servable.
   */
  async add(paths: string[], recursive: boolean): Promise<QueueState> {
    const args = paths.map((p) => expandUserPath(p));
    const { files, emptyFolders } = await collectInputs(args, { recursive });
    for (const folder of emptyFolders) this.deps.log('warn', `No photos were found in ${folder}.`);
    const waiting = new Set(this.items.filter((i) => i.status === 'pending' || i.status === 'running').map((i) => pathKey(i.input)));
    const outputs = new Set(this.items.flatMap((i) => (i.output ? [pathKey(i.output)] : [])));
    // A photo already waiting is not queued twice; our own outputs (any template) are not queued at all.
    const fresh = files.filter((f) => !waiting.has(pathKey(f.path)) && !outputs.has(pathKey(f.path)));
    const probes = await mapLimited(fresh, 8, (f) => probePhoto(f.path).catch((error: HostError) => error));
    // A path refused again replaces its earlier refusal instead of piling up rows.
    const again = new Set(fresh.map((f) => pathKey(f.path)));
    this.items = this.items.filter((i) => i.status !== 'rejected' || !again.has(pathKey(i.input)));
    for (const [index, file] of fresh.entries()) {
      const probe = probes[index]!;
      const photo = !(probe instanceof Error);
      if (photo) this.deps.allowPath(file.path);
      this.items.push({
        id: randomUUID(),
        input: file.path,
        output: null,
        status: photo ? 'pending' : 'rejected',
        progress: 0,
        error: photo ? null : probe.message,
        ms: null,
        relativeDir: file.relativeDir,
        pixels: photo ? probe.width * probe.height : null,
      });
    }
    this.changed();
    if (this.running && !this.paused) this.pump();
    return this.state();
  }

  start(): QueueState {
    this.paused = false;
    this.running = this.items.some((i) => !i.remote && (i.status === 'pending' || i.status === 'running'));
    this.changed();
    if (this.running) this.pump();
    return this.state();
  }

  /** Starts no new photo; the running one finishes (its work is kept), then the queue stands still. */
  pause(): QueueState {
    if (!this.running || this.paused) return this.state();
    this.paused = true;
    this.changed();
    return this.state();
  }

  /** Ends the batch: the running photo and every pending one become `cancelled`. */
  cancel(): QueueState {
    this.running = false;
    this.paused = false;
    for (const item of this.items) {
      if (waitingHere(item)) Object.assign(item, { status: 'cancelled', progress: 0 });
    }
    this.interrupt('cancel');
    this.changed();
    return this.state();
  }

  /** Cancels one photo (restore:cancel with a queue item's id); the batch goes on with the next. */
  cancelItem(id: string): boolean {
    const item = this.items.find((i) => i.id === id);
    if (!item || item.remote) return false;
    if (this.current?.item === item) this.interrupt('cancel');
    else if (item.status === 'pending') Object.assign(item, { status: 'cancelled' });
    this.changed();
    return true;
  }

  /**
   * One failed or cancelled photo, or (no id) every failed and cancelled one, goes back to pending and
   * runs (here only when `runHere`; the queue server's batch sends it again instead).
   */
  retry(id?: string, runHere = true): QueueState {
    const retryable = (i: Item) => i.status === 'failed' || i.status === 'cancelled';
    const targets = id === undefined ? this.items.filter(retryable) : this.items.filter((i) => i.id === id);
    if (id !== undefined && targets.length === 0) throw new HostError('NOT_FOUND', 'That photo is no longer in the queue.');
    for (const item of targets.filter(retryable))
      Object.assign(item, { status: 'pending', progress: 0, error: null, ms: null, output: null, remote: null, settings: undefined });
    if (runHere && !this.paused && this.items.some(waitingHere)) this.running = true;
    this.changed();
    if (this.running && !this.paused) this.pump();
    return this.state();
  }

  /** A waiting photo's own options (null: the batch options again); a photo that ran or runs keeps what it used. */
  setOptions(id: string, own: Partial<RestoreSettings> | null): QueueState {
    const item = this.items.find((i) => i.id === id);
    if (!item) throw new HostError('INVALID_REQUEST', 'That photo is no longer in the queue.');
    if (!waitingHere(item)) throw new HostError('INVALID_REQUEST', `${item.input} is not waiting to run here, so its options cannot change.`);
    item.own = own && Object.keys(own).length > 0 ? own : null;
    this.changed();
    return this.state();
  }

  remove(id: string): QueueState {
    const item = this.items.find((i) => i.id === id);
    if (!item) throw new HostError('NOT_FOUND', 'That photo is no longer in the queue.');
    this.items = this.items.filter((i) => i !== item);
    if (this.current?.item === item) this.interrupt('cancel');
    if (onServer(item)) this.remote?.removed(item);
    this.changed();
    return this.state();
  }

  clearFinished(): QueueState {
    this.items = this.items.filter((i) => !FINISHED.has(i.status));
    this.changed();
    return this.state();
  }

  attachRemote(hooks: RemoteHooks): void {
    this.remote = hooks;
  }

  /** Stops the running photo without forgetting that the queue was running: the next start resumes it. */
  async close(): Promise<void> {
    this.closed = true;
    this.interrupt('close');
    await this.pumping;
  }

  private interrupt(reason: Interruption): void {
    if (!this.current) return;
    this.current.interruption = reason;
    this.deps.engine.cancel(this.current.item.id);
  }

  private persist(): void {
    this.deps.store.set(STORE_KEY, { items: this.items, running: this.running, paused: this.paused });
  }

  private changed(): void {
    this.persist();
    this.notify();
  }

  /** From photos finished in this session, else this machine's remembered speed; null before either. */
  private msPerPixel(): number | null {
    if (this.finished.pixels > 0) return this.finished.ms / this.finished.pixels;
    const remembered = this.deps.speed.msPerInputMP(this.deps.engineConfig());
    return remembered === null ? null : remembered / 1e6;
  }

  /** Time left while it runs; while pausing, only the photo that is finishing. */
  private etaMs(): number | null {
    if (!this.running || (this.paused && !this.current)) return null;
    const now = Date.now();
    const running = this.current;
    const current = running && {
      engineElapsedMs: running.last ? running.last.elapsedMs + (now - running.last.at) : null,
      progress: running.item.progress,
      sinceStartMs: now - running.started,
      pixels: running.item.pixels,
    };
    const pending = this.paused ? [] : this.items.filter((i) => i.status === 'pending').map((i) => i.pixels);
    return estimateEtaMs({ msPerPixel: this.msPerPixel(), current, pending });
  }

  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = (async () => {
      try {
        while (this.running && !this.paused && !this.closed) {
          const next = this.items.find(waitingHere);
          if (!next) {
            this.running = false;
            this.changed();
            break;
          }
          await this.runItem(next);
        }
      } catch (error) {
        this.deps.log('error', `The queue stopped unexpectedly: ${(error as Error)?.stack ?? String(error)}`);
        this.running = false;
        this.changed();
      } finally {
        this.pumping = null;
      }
    })();
  }

  /**
   * A name is taken by any input of the queue, by the output of another photo of the batch, and by an
   * existing file unless the rule lets the photo use it: "skip" (the engine skips the photo) or
   * "replace-earlier" when DVAR wrote that file. Any other file, a photo that merely has the name
   * included, keeps its name and the new result gets the next one.
   */
  private async isTaken(item: Item, path: string, rule: ExistingOutputRule): Promise<boolean> {
    const key = nameKey(path);
    const own = nameKey(item.input);
    const ours = (other: Item) => other.output !== null && nameKey(other.output) === key;
    if (this.items.some((other) => nameKey(other.input) === key)) return true;
    const claims = (other: Item) => other.status === 'running' || other.status === 'done' || onServer(other);
    if (this.items.some((other) => other !== item && ours(other) && nameKey(other.input) !== own && claims(other))) {
      return true;
    }
    if (rule === 'skip' || !existsSync(path)) return false;
    return rule === 'new-name' || !(await isDvarOutputFile(path));
  }

  /** The output `item` gets now; `forServer`: with DVAR's own names, the only ones queue workers write. */
  private async planItem(item: Item, settings: Settings, planned: ReadonlySet<string>, forServer: boolean): Promise<string> {
    const rule = existingOutputRule(settings);
    const template = forServer ? DEFAULT_NAMING_TEMPLATE : settings.namingTemplate;
    const options = { ...optionsOf(item, settings), outputDir: settings.outputDir, relativeDir: item.relativeDir, template };
    return planOutputChecked(item.input, options, async (path) => planned.has(nameKey(path)) || (await this.isTaken(item, path, rule)));
  }

  /** How many existing files Start would replace: earlier DVAR results at the waiting photos' names. */
  private async countReplaces(): Promise<number> {
    const settings = this.deps.settings();
    if (existingOutputRule(settings) !== 'replace-earlier') return 0;
    const planned = new Set<string>();
    let count = 0;
    for (const item of this.items.filter(waitingHere)) {
      const output = await this.planItem(item, settings, planned, settings.batchRunsOn === 'queue-server');
      planned.add(nameKey(output));
      if (existsSync(output)) count++;
    }
    return count;
  }

  /** Recounts `replaces` while the queue is idle (its rows or the settings may have changed); a new count is announced. */
  private recountReplaces(): void {
    if (this.running || this.closed) return;
    if (this.recounting) {
      this.recountAgain = true;
      return;
    }
    this.recounting = (async () => {
      do {
        this.recountAgain = false;
        const count = await this.countReplaces().catch(() => 0);
        if (count !== this.replaces) {
          this.replaces = count;
          this.deps.emit('queue:changed', this.state());
        }
      } while (this.recountAgain && !this.running && !this.closed);
    })().finally(() => (this.recounting = null));
  }

  private async runItem(item: Item): Promise<void> {
    const settings = this.deps.settings();
    const restore = optionsOf(item, settings);
    let output: string;
    try {
      output = await this.planItem(item, settings, new Set(), false);
      await mkdir(dirname(output), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
        throw new DvarError('OUTPUT_UNWRITABLE', `Cannot create the output folder ${dirname(output)} (${error.code ?? error.message}); choose another folder.`);
      });
    } catch (error) {
      this.finish(item, { status: 'failed', error: (error as Error).message, ms: 0 });
      if (error instanceof DvarError && error.code === 'OUTPUT_UNWRITABLE') {
        // Every next photo would fail on the same folder: stop, so nothing is written anywhere else.
        this.running = false;
        this.changed();
      }
      return;
    }
    if (this.closed) return;
    const started = Date.now();
    Object.assign(item, { status: 'running', progress: 0, error: null, ms: null, output, startedAt: started, settings: restore, look: null });
    this.deps.allowPath(output);
    const current: Current = { item, started, interruption: null, watch: new PhotoStopwatch(), last: null };
    this.current = current;
    this.changed();

    const job = fileJobOf(item.input, output, restore, settings, existingOutputRule(settings) === 'replace-earlier');
    const config = this.deps.engineConfig();
    const rate = this.msPerPixel();
    const expectedMs = rate !== null && item.pixels ? rate * item.pixels : null;
    const outcome = await this.deps.engine.restore(item.id, config, job, (event) => this.onEngineEvent(current, event, expectedMs));
    const interruption = current.interruption;
    this.current = null;
    if (!this.items.includes(item)) {
      this.changed(); // removed while it ran
      return;
    }
    if (outcome.status === 'cancelled' && interruption === 'close') {
      Object.assign(item, { status: 'pending', progress: 0, output: null });
      this.changed();
      return;
    }
    if (outcome.status === 'done') {
      const restoreMs = current.watch.ms(); // from file-start: not opening the pack, which happens once
      if (item.pixels && restoreMs !== null) {
        this.finished.ms += restoreMs;
        this.finished.pixels += item.pixels;
        this.deps.speed.record(config, restoreMs, item.pixels);
      }
      this.finish(item, { status: 'done', error: null, ms: outcome.ms });
      this.deps.emit('restore:done', { jobId: item.id, input: item.input, output, ms: outcome.ms });
      return;
    }
    const message = appMessage(outcome);
    this.finish(item, { status: outcome.status, error: message, ms: outcome.ms });
    if (outcome.status !== 'skipped') {
      this.deps.emit('restore:failed', { jobId: item.id, input: item.input, message, cancelled: outcome.status === 'cancelled' });
    }
    if (outcome.stopsBatch) {
      // No pack, a full disk...: every next photo would fail the same way, so the batch stops here.
      this.running = false;
      this.deps.log('error', `The queue stopped: ${message}`);
      this.changed();
    }
  }

  private finish(item: Item, result: { status: QueueItem['status']; error: string | null; ms: number }): void {
    Object.assign(item, { ...result, progress: result.status === 'done' ? 1 : item.progress });
    this.changed();
  }

  private onEngineEvent(current: Current, event: WireJobEvent, expectedMs: number | null): void {
    const { item } = current;
    current.watch.see(event);
    if (event.type === 'notice') this.deps.log('info', event.message);
    if (event.type === 'look') {
      item.look = { name: event.look, why: event.why };
      return this.notify();
    }
    if (event.type !== 'scale') return;
    item.progress = Math.min(0.999, Math.max(item.progress, event.event.progress));
    current.last = { elapsedMs: event.event.elapsedMs, progress: event.event.progress, at: Date.now() };
    this.deps.emit('restore:progress', scaleProgressOf(item.id, event.event, expectedMs));
    const now = Date.now();
    if (now - this.lastProgressEmit >= PROGRESS_EMIT_MS) {
      this.lastProgressEmit = now;
      this.notify(); // progress is not persisted: after a crash the photo restarts from 0 anyway
    }
  }
}
