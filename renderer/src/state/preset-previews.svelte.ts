// "Try presets": one preview region of one photo restored with every preset (presetTrials), so the
// photographer sees the looks side by side before committing the whole photo to one. Every trial is its
// own preview job (a temporary file the host keeps while it is among the newest few); all are sent at
// once and the host runs them one after another, in order, behind whatever it is restoring already.
import type { AutoLookChoice, PixelRect, RestoreSettings } from '../../../electron/ipc/contract.ts';
import { api } from '../lib/api.ts';
import { errorMessage } from '../lib/errors.ts';
import { presetTrials, type PresetTrial } from '../restore/presets.ts';
import { newJobId } from './preview-jobs.ts';

export type TrialPhase = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Trial extends PresetTrial {
  jobId: string;
  phase: TrialPhase;
  /** 0..1 while running. */
  progress: number;
  /** The restored region as the host serves it, once done. */
  url: string | null;
  ms: number | null;
  error: string | null;
  /** What Auto chose, for the Auto trial. */
  look: AutoLookChoice | null;
}

class PresetPreviews {
  /** The photo and region the trials are of; null before the first comparison. */
  path = $state<string | null>(null);
  region = $state.raw<PixelRect | null>(null);
  /** The factor the trials restore at (each result is region × scale pixels). */
  scale = $state(4);
  trials = $state<Trial[]>([]);

  get busy(): boolean {
    return this.trials.some((t) => t.phase === 'waiting' || t.phase === 'running');
  }

  /** Restores `region` of `path` once per trial of `options`; a comparison still running is cancelled first. */
  async compare(path: string, region: PixelRect, options: RestoreSettings): Promise<void> {
    await this.cancel();
    this.path = path;
    this.region = region;
    this.scale = options.scale ?? 4;
    const trials: Trial[] = presetTrials(options).map((t) => ({
      ...t,
      jobId: newJobId('preview'),
      phase: 'waiting',
      progress: 0,
      url: null,
      ms: null,
      error: null,
      look: null,
    }));
    this.trials = trials;
    for (const trial of trials) {
      if (this.#find(trial.jobId)?.phase !== 'waiting') continue; // cancelled meanwhile
      try {
        await api.invoke('restore:start', { path, settings: trial.settings, region, jobId: trial.jobId });
      } catch (error) {
        this.#update(trial.jobId, { phase: 'failed', error: errorMessage(error) });
      }
    }
  }

  /** Stops every trial not yet finished; those the host has not begun are marked cancelled at once. */
  async cancel(): Promise<void> {
    const open = this.trials.filter((t) => t.phase === 'waiting' || t.phase === 'running');
    await Promise.all(open.map((t) => api.invoke('restore:cancel', { jobId: t.jobId }).catch(() => undefined)));
    for (const t of open) this.#update(t.jobId, { phase: 'cancelled' });
  }

  /** Forgets the comparison (another photo is shown), stopping what still runs. */
  clear(): void {
    void this.cancel();
    this.trials = [];
    this.path = null;
    this.region = null;
  }

  /** Subscribes to the host's restore events for the trials; returns the unsubscribe function. */
  listen(): () => void {
    const offs = [
      api.on('restore:progress', (e) => this.#update(e.jobId, { phase: 'running', progress: e.progress })),
      api.on('restore:done', (e) => {
        if (!this.#find(e.jobId)) return;
        api.invoke('files:image-url', { path: e.output }).then(
          ({ url }) => this.#update(e.jobId, { phase: 'done', progress: 1, url, ms: e.ms, look: e.look ?? null }),
          (error) => this.#update(e.jobId, { phase: 'failed', error: errorMessage(error) }),
        );
      }),
      api.on('restore:failed', (e) => this.#update(e.jobId, e.cancelled ? { phase: 'cancelled' } : { phase: 'failed', error: e.message })),
    ];
    return () => offs.forEach((off) => off());
  }

  #find(jobId: string): Trial | undefined {
    return this.trials.find((t) => t.jobId === jobId);
  }

  /**
   * Changes a trial of the current comparison; events of older comparisons find none and change nothing.
   * A finished trial stays finished; a cancelled one may still finish (it ended before the cancel came).
   */
  #update(jobId: string, patch: Partial<Trial>): void {
    const trial = this.#find(jobId);
    if (!trial || trial.phase === 'done' || (trial.phase === 'cancelled' && patch.phase !== 'done')) return;
    Object.assign(trial, patch);
  }
}

export const presetPreviews = new PresetPreviews();
