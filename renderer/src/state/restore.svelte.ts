// One interactive restore at a time: its per-scale events, live preview and outcome.
import type { EventOf, RestoreSettings, ScaleProgress } from '../../../electron/ipc/contract.ts';
import { api } from '../lib/api.ts';
import { errorMessage } from '../lib/errors.ts';
import { files } from './files.svelte.ts';
import { results } from './results.svelte.ts';

export type RestorePhase = 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

class RestoreState {
  input = $state<string | null>(null);
  jobId = $state<string | null>(null);
  phase = $state<RestorePhase>('idle');
  latest = $state.raw<ScaleProgress | null>(null);
  /** The newest preview image (coarse to fine), kept while later events carry none. */
  preview = $state<string | null>(null);
  /** Per-scale previews of the tile being restored, index k-1. */
  strip = $state.raw<Array<string | null>>([]);
  /** How many per-scale events arrived for this job. */
  scaleEvents = $state(0);
  output = $state<string | null>(null);
  ms = $state<number | null>(null);
  error = $state<string | null>(null);
  /** Events for a job whose id `restore:start` has not returned yet. */
  #early: Array<{ jobId: string; apply: () => void }> = [];

  get busy(): boolean {
    return this.phase === 'starting' || this.phase === 'running';
  }

  async start(path: string, overrides?: RestoreSettings): Promise<void> {
    if (this.busy) return;
    this.#reset(path);
    files.setStatus(path, { state: 'restoring', progress: 0, error: null });
    try {
      const { jobId } = await api.invoke('restore:start', { path, settings: overrides });
      this.jobId = jobId;
      if (this.phase === 'starting') this.phase = 'running';
      for (const event of this.#early.splice(0)) if (event.jobId === jobId) event.apply();
    } catch (error) {
      this.#fail(errorMessage(error), false);
    }
  }

  async cancel(): Promise<void> {
    if (!this.busy || !this.jobId) return;
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
      api.on('restore:progress', (e) => this.#route(e.jobId, () => this.#progress(e))),
      api.on('restore:done', (e) => {
        results.add({ input: e.input, output: e.output }, e.jobId === this.jobId);
        files.setStatus(e.input, { state: 'done', progress: 1, output: e.output, error: null });
        this.#route(e.jobId, () => this.#done(e));
      }),
      api.on('restore:failed', (e) => {
        files.setStatus(e.input, { state: e.cancelled ? 'cancelled' : 'failed', error: e.cancelled ? null : e.message });
        this.#route(e.jobId, () => this.#fail(e.message, e.cancelled));
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  #route(jobId: string, apply: () => void): void {
    if (this.jobId === null && this.phase === 'starting') this.#early.push({ jobId, apply });
    else if (jobId === this.jobId) apply();
  }

  #progress(e: ScaleProgress): void {
    const previous = this.latest;
    this.latest = e;
    this.scaleEvents++;
    if (e.preview) this.preview = e.preview;
    const strip = previous && previous.tileIndex === e.tileIndex ? [...this.strip] : new Array<string | null>(e.scales).fill(null);
    strip[e.scale - 1] = e.preview ?? strip[e.scale - 1] ?? null;
    this.strip = strip;
    if (this.input) files.setStatus(this.input, { state: 'restoring', progress: e.progress });
  }

  #done(e: EventOf<'restore:done'>): void {
    this.phase = 'done';
    this.output = e.output;
    this.ms = e.ms;
  }

  #fail(message: string, cancelled: boolean): void {
    this.phase = cancelled ? 'cancelled' : 'failed';
    this.error = cancelled ? null : message;
    if (this.input) files.setStatus(this.input, { state: this.phase, error: this.error });
  }

  #reset(path: string): void {
    this.input = path;
    this.jobId = null;
    this.phase = 'starting';
    this.latest = null;
    this.preview = null;
    this.strip = [];
    this.scaleEvents = 0;
    this.output = null;
    this.ms = null;
    this.error = null;
    this.#early = [];
  }
}

export const restore = new RestoreState();
