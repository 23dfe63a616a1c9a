// One interactive restore at a time: its per-scale events, live preview and outcome.
import type { AutoLookChoice, EventOf, PixelRect, RestoreSettings, ScaleProgress } from '../../../electron/ipc/contract.ts';
import { api } from '../lib/api.ts';
import { errorMessage } from '../lib/errors.ts';
import { partWords, stageWords } from '../lib/progress-words.ts';
import type { Crop } from '../restore/mosaic.ts';
import { recall, remember } from '../lib/session-memory.ts';
import { files } from './files.svelte.ts';
import { isPreviewJob, newJobId } from './preview-jobs.ts';
import { queue } from './queue.svelte.ts';
import { results } from './results.svelte.ts';
import { settings } from './settings.svelte.ts';

export type RestorePhase = 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

/** The newest preview of one tile; `seq` numbers previews in arrival order. */
export interface TilePreview {
  tile: PixelRect;
  preview: string;
  seq: number;
}

/** The whole photo as restored so far: the newest preview of every tile that has one. */
export interface Mosaic {
  /** Which restore this belongs to: a new restore starts a new mosaic. */
  run: number;
  /** The input photo in pixels; tile rectangles are in these pixels. */
  width: number;
  height: number;
  /** Indexed by tile index; a tile without a preview yet is undefined. */
  tiles: ReadonlyArray<TilePreview | undefined>;
  /** Where the restored image lies in the photo when it is a preview region; null for the whole photo. */
  crop: Crop | null;
}

/** The last whole-photo result the view showed, kept across a reload of the page. */
interface ShownResult {
  input: string;
  output: string;
  ms: number | null;
  size: { width: number; height: number } | null;
  options: RestoreSettings | null;
}
const isShownResult = (v: unknown): v is ShownResult => {
  const r = v as ShownResult | null;
  return (
    typeof r?.input === 'string' &&
    typeof r.output === 'string' &&
    (r.ms === null || typeof r.ms === 'number') &&
    typeof r.size === 'object' &&
    typeof r.options === 'object'
  );
};

class RestoreState {
  input = $state<string | null>(null);
  jobId = $state<string | null>(null);
  phase = $state<RestorePhase>('idle');
  latest = $state.raw<ScaleProgress | null>(null);
  /** The photo so far, tile by tile (LiveMosaic draws it); null until the first event of a restore. */
  mosaic = $state.raw<Mosaic | null>(null);
  /** Per-scale previews of the tile being restored, index k-1. */
  strip = $state.raw<Array<string | null>>([]);
  /** How many per-scale events arrived for this job. */
  scaleEvents = $state(0);
  output = $state<string | null>(null);
  /**
   * The written output as the host serves it (/image or dvar-image:, a PNG re-encode): what "done"
   * shows, because previews are coarse by design and never the result. Null until the host minted it.
   */
  resultUrl = $state<string | null>(null);
  /** Why the result could not be shown (the file was written; only showing it failed). */
  resultError = $state<string | null>(null);
  ms = $state<number | null>(null);
  error = $state<string | null>(null);
  /** The crop this run restores (a preview region), or null for the whole photo. */
  region = $state.raw<PixelRect | null>(null);
  /** What Auto chose for the photo, once done, when the options asked for Auto. */
  look = $state.raw<AutoLookChoice | null>(null);
  /** The detail-confidence heat overlay of the result (a PNG data URL), once done. */
  confidence = $state<string | null>(null);
  /** The photo's size in pixels, once known (from Files or a whole-photo run): regions are picked in it. */
  photoSize = $state.raw<{ width: number; height: number } | null>(null);
  /** Cancel was pressed before the host had started the job. */
  #cancelAsked = false;
  #run = 0;
  #seq = 0;
  /**
   * Strips of the tiles still running, by tile index: the engine runs a group of tiles together, so
   * their events take turns (every tile's scale k, then every tile's scale k + 1). A finished tile's
   * strip is dropped, which bounds this to one group.
   */
  #strips = new Map<number, Array<string | null>>();
  /**
   * Each photo's own options, as its last whole-photo restore here used them: they belong to that photo
   * and never become the defaults by themselves (the Restore view's "Use as default" saves them).
   */
  #options = new Map<string, RestoreSettings>();

  /** The options this photo was last restored with in this page; undefined when it has none of its own. */
  optionsFor(path: string): RestoreSettings | undefined {
    return this.#options.get(path);
  }

  get busy(): boolean {
    return this.phase === 'starting' || this.phase === 'running';
  }

  /**
   * The batch photo this restore is waiting for, until its own first scale arrives: the host runs one
   * photo at a time (docs/app-host.md), so "Restoring…" would be untrue for as long as that one takes.
   */
  get waitingFor(): string | null {
    if (!this.busy || this.latest) return null;
    return queue.items.find((item) => item.status === 'running')?.input ?? null;
  }

  /** Plain words for what the time goes to now: "restoring detail", "refining, scale 6 of 10" (tokens stay under details). */
  get stepWords(): string | null {
    const e = this.latest;
    if (!e) return null;
    const part = e.tileCount > 1 ? ` · ${partWords(e)} of the photo` : '';
    return `${stageWords(e)}${part}`;
  }

  /**
   * Shows a photo of the Files list without restoring it: a preview region can be picked and tried with
   * each preset before the whole photo is restored.
   */
  open(path: string): void {
    if (this.busy || (path === this.input && this.phase === 'idle')) return;
    this.#reset(path, 'idle');
  }

  /** `region`: restore only that crop (a preview, written to a temporary file, never the output). */
  async start(path: string, overrides?: RestoreSettings, region?: PixelRect): Promise<void> {
    if (this.busy) return;
    this.#reset(path, 'starting');
    // The id is ours, so every event of the job is known for ours from its first one on.
    const jobId = newJobId(region ? 'preview' : 'result');
    this.jobId = jobId;
    this.region = region ?? null;
    const used = overrides ?? settings.value?.restore;
    if (!region && used) this.#options.set(path, { ...used });
    if (!region) files.setStatus(path, { state: this.waitingFor ? 'queued' : 'restoring', progress: 0, output: null, error: null });
    try {
      await api.invoke('restore:start', { path, settings: overrides, jobId, ...(region ? { region } : {}) });
      if (this.phase === 'starting' && this.jobId === jobId) this.phase = 'running';
      if (this.#cancelAsked && this.jobId === jobId) void this.cancel(); // asked while the host was still starting it
    } catch (error) {
      this.#fail(errorMessage(error), false);
    }
  }

  /**
   * After a reload, shows the last whole-photo result again, as it was (the host is asked for it first:
   * a result that is gone, or that a restarted host no longer serves, is forgotten).
   */
  async recallShown(): Promise<void> {
    const last = recall('restore', isShownResult);
    if (!last || this.input !== null || this.phase !== 'idle') return;
    try {
      const { url } = await api.invoke('files:image-url', { path: last.output });
      if (this.input !== null || this.phase !== 'idle') return;
      this.input = last.input;
      this.output = last.output;
      this.ms = last.ms;
      this.photoSize = last.size;
      if (last.options) this.#options.set(last.input, last.options);
      this.resultUrl = url;
      this.phase = 'done';
    } catch {
      remember('restore', null);
    }
  }

  async cancel(): Promise<void> {
    if (!this.busy || !this.jobId) return;
    this.#cancelAsked = this.phase === 'starting';
    if (this.#cancelAsked) return; // sent once restore:start has answered (start)
    try {
      await api.invoke('restore:cancel', { jobId: this.jobId });
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** The host went away (web host restarted): its jobs died with it. */
  interrupted(): void {
    if (this.busy) this.#fail('The connection to DVAR Studio was lost, so this restore stopped; restore the photo again.', false);
  }

  /** Subscribes to the host's restore events; returns the unsubscribe function. */
  listen(): () => void {
    const offs = [
      api.on('restore:progress', (e) => {
        if (e.jobId === this.jobId) this.#progress(e);
      }),
      api.on('restore:done', (e) => {
        // A preview region's file is temporary: not a result to compare, not the photo's output.
        if (!isPreviewJob(e.jobId)) {
          results.add({ input: e.input, output: e.output }, e.jobId === this.jobId);
          files.setStatus(e.input, { state: 'done', progress: 1, output: e.output, error: null });
        }
        if (e.jobId === this.jobId) this.#done(e);
      }),
      api.on('restore:failed', (e) => {
        if (!isPreviewJob(e.jobId)) files.setStatus(e.input, { state: e.cancelled ? 'cancelled' : 'failed', error: e.cancelled ? null : e.message });
        if (e.jobId === this.jobId) this.#fail(e.message, e.cancelled);
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  #progress(e: ScaleProgress): void {
    this.latest = e;
    this.scaleEvents++;
    if (!this.region && !this.photoSize) this.photoSize = { width: e.imageWidth, height: e.imageHeight };
    const current = this.mosaic?.run === this.#run ? this.mosaic : null;
    if (e.preview || !current) {
      const tiles = current ? [...current.tiles] : [];
      if (e.preview) tiles[e.tileIndex] = { tile: e.tile, preview: e.preview, seq: ++this.#seq };
      const crop = this.region && this.photoSize ? { region: this.region, photo: this.photoSize } : null;
      this.mosaic = { run: this.#run, width: e.imageWidth, height: e.imageHeight, tiles, crop };
    }
    const strip = [...(this.#strips.get(e.tileIndex) ?? new Array<string | null>(e.scales).fill(null))];
    strip[e.scale - 1] = e.preview ?? strip[e.scale - 1] ?? null;
    if (e.scale < e.scales) this.#strips.set(e.tileIndex, strip);
    else this.#strips.delete(e.tileIndex);
    this.strip = strip;
    if (this.input && !this.region) files.setStatus(this.input, { state: 'restoring', progress: e.progress });
  }

  #done(e: EventOf<'restore:done'>): void {
    this.phase = 'done';
    this.output = e.output;
    this.ms = e.ms;
    if (!this.region && this.input) {
      const shown: ShownResult = { input: this.input, output: e.output, ms: e.ms, size: this.photoSize, options: this.#options.get(this.input) ?? null };
      remember('restore', shown);
    }
    this.confidence = e.confidence ?? null;
    this.look = e.look ?? null;
    void this.#loadResult(e.output, this.#run);
  }

  async #loadResult(output: string, run: number): Promise<void> {
    try {
      const { url } = await api.invoke('files:image-url', { path: output });
      if (run === this.#run) this.resultUrl = url;
    } catch (error) {
      if (run === this.#run) this.resultError = errorMessage(error);
    }
  }

  #fail(message: string, cancelled: boolean): void {
    this.phase = cancelled ? 'cancelled' : 'failed';
    this.error = cancelled ? null : message;
    if (this.input && !this.region) files.setStatus(this.input, { state: this.phase, error: this.error });
  }

  /** A new photo or run: `photoSize` from the Files list, or kept when it is the same photo. */
  #reset(path: string, phase: 'idle' | 'starting'): void {
    const entry = files.entries.find((e) => e.path === path);
    this.photoSize = entry ? { width: entry.width, height: entry.height } : path === this.input ? this.photoSize : null;
    this.input = path;
    this.jobId = null;
    this.#cancelAsked = false;
    this.phase = phase;
    this.latest = null;
    this.#run++;
    this.mosaic = null;
    this.strip = [];
    this.#strips.clear();
    this.scaleEvents = 0;
    this.output = null;
    this.resultUrl = null;
    this.resultError = null;
    this.ms = null;
    this.error = null;
    this.region = null;
    this.confidence = null;
    this.look = null;
  }
}

export const restore = new RestoreState();
