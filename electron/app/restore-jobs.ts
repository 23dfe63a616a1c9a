// restore:start — one photo restored on request (the compare view's "Restore"), outside the batch
// queue but through the same engine worker, so it waits for the photo the queue is running. Its output
// never replaces anything: an existing name gets -2, -3... The job's progress, result or failure
// arrive as restore:* events under the job id, which the caller may choose (so it can tell its events
// from the first one on) or the host mints. A preview region restores only a crop, into a temporary PNG;
// the newest PREVIEWS_KEPT previews' files are kept (a comparison of presets shows several side by side),
// older ones removed. These jobs ask the engine for the per-token entropy map, sent with restore:done as
// the detail-confidence overlay.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AutoLookChoice, EventChannel, EventOf, PixelRect, RestoreSettings, Settings } from '../ipc/contract.ts';
import { heatPngDataUrl } from '../jobs/index.ts';
import type { EngineConfig, EngineRunner } from './engine-client.ts';
import { HostError } from './host-error.ts';
import { appMessage, fileJobOf, scaleProgressOf } from './job-config.ts';
import { planOutput } from './output-plan.ts';
import { probePhoto } from './probe-photo.ts';
import { PhotoStopwatch, type SpeedMemory } from '../jobs/index.ts';
import { expandUserPath } from './user-path.ts';

/** Preview files kept at once: a comparison of every preset, and the custom options, of one region, twice over. */
export const PREVIEWS_KEPT = 10;

export interface RestoreJobsDeps {
  engine: EngineRunner;
  settings: () => Settings;
  engineConfig: () => EngineConfig;
  /** This machine's remembered speed (speed-memory.ts): each finished photo teaches it and plans times. */
  speed: SpeedMemory;
  emit: <C extends EventChannel>(channel: C, payload: EventOf<C>) => void;
  /** Called for every input and output, so they may be shown (see FilesService.canServe). */
  allowPath: (path: string) => void;
}

export class RestoreJobs {
  private readonly running = new Map<string, Promise<void>>();
  /** Outputs of jobs still running: a second restore of the same photo must not pick the same name. */
  private readonly claimed = new Set<string>();
  /** The newest preview regions' temporary files, oldest first. */
  private readonly previewFiles: string[] = [];

  constructor(private readonly deps: RestoreJobsDeps) {}

  async start(path: string, restore?: RestoreSettings, region?: PixelRect, chosenId?: string): Promise<{ jobId: string }> {
    const jobId = chosenId ?? randomUUID();
    if (this.running.has(jobId)) throw new HostError('INVALID_REQUEST', `A restore with the job id ${jobId} is already running.`);
    this.running.set(jobId, Promise.resolve()); // reserved from now: a second request with this id is refused
    try {
      await this.begin(jobId, path, restore, region);
    } catch (error) {
      this.running.delete(jobId);
      throw error;
    }
    return { jobId };
  }

  private async begin(jobId: string, path: string, restore?: RestoreSettings, region?: PixelRect): Promise<void> {
    const input = expandUserPath(path); // `~` and relative paths start from the home folder
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) throw new HostError('INVALID_REQUEST', `${input} is a folder; add its photos to the queue instead.`);
    const photo = await probePhoto(input); // refuses what is not a photo at once, before it can become servable
    const settings = this.deps.settings();
    // A preview is a lossless PNG wherever the photo's output would go, and never the output itself.
    const options = region ? { ...(restore ?? settings.restore), format: 'png' as const } : (restore ?? settings.restore);
    const output = region
      ? join(tmpdir(), `dvar-preview-${jobId}.png`)
      : planOutput(
          input,
          { ...options, outputDir: settings.outputDir, relativeDir: '', template: settings.namingTemplate },
          (p) => p === input || this.claimed.has(p) || existsSync(p),
        );
    if (region) {
      this.previewFiles.push(output);
      for (const old of this.previewFiles.splice(0, Math.max(0, this.previewFiles.length - PREVIEWS_KEPT)))
        await rm(old, { force: true }).catch(() => undefined);
    }
    this.claimed.add(output);
    await mkdir(dirname(output), { recursive: true }).catch(() => undefined); // the worker says why if it failed
    this.deps.allowPath(input);
    const job = fileJobOf(input, output, options, settings, false, { region });
    let confidence: Promise<string | null> = Promise.resolve(null);
    let look: AutoLookChoice | null = null;
    const config = this.deps.engineConfig();
    const pixels = photo.width * photo.height;
    const remembered = this.deps.speed.msPerInputMP(config);
    const expectedMs = remembered === null || region ? null : (remembered * pixels) / 1e6; // a region is a fraction of the photo
    const watch = new PhotoStopwatch();
    const done = this.deps.engine
      .restore(jobId, config, job, (event) => {
        watch.see(event);
        if (event.type === 'scale') this.deps.emit('restore:progress', scaleProgressOf(jobId, event.event, expectedMs));
        if (event.type === 'confidence') confidence = heatPngDataUrl(event.map).catch(() => null);
        if (event.type === 'look') look = { name: event.look, why: event.why };
      })
      .then(async (outcome) => {
        if (outcome.status === 'done') {
          const ms = watch.ms();
          if (ms !== null && !region) this.deps.speed.record(config, ms, pixels);
          this.deps.allowPath(output);
          this.deps.emit('restore:done', { jobId, input, output, ms: outcome.ms, confidence: await confidence, look });
        } else {
          this.deps.emit('restore:failed', { jobId, input, message: appMessage(outcome), cancelled: outcome.status === 'cancelled' });
        }
      })
      .finally(() => {
        this.running.delete(jobId);
        this.claimed.delete(output);
      });
    this.running.set(jobId, done);
  }

  /** False when no such job is running here (the caller may try the queue). */
  cancel(jobId: string): boolean {
    if (!this.running.has(jobId)) return false;
    this.deps.engine.cancel(jobId);
    return true;
  }

  /** Cancels every job and waits for them to end. */
  async close(): Promise<void> {
    for (const jobId of this.running.keys()) this.deps.engine.cancel(jobId);
    await Promise.all(this.running.values());
    await Promise.all(this.previewFiles.splice(0).map((file) => rm(file, { force: true }).catch(() => undefined)));
  }
}
