// Settings → what the engine worker runs, and engine events → the contract's events. The only place
// that knows both the user's vocabulary (Settings) and the engine's (RestoreOptions, ScaleEvent).
import { dirname, join } from 'node:path';
import { bundledPackDir, isBarePackName, pickReported, scaleReportSchema } from '../engine/definitions.ts';
import type { RestoreOptions } from '../engine/definitions.ts';
import type { PixelRect, RestoreSettings, ScaleProgress, Settings } from '../ipc/contract.ts';
import { photoTimeLeftMs } from '../jobs/index.ts';
import type { EngineConfig, FileJob, JobOutcome, WireScaleEvent } from './engine-messages.ts';
import { appSentence } from './error-words.ts';

/** Longest side of per-scale previews: small enough to send after every scale. */
export const PREVIEW_MAX_SIDE = 128;

/**
 * The folder Settings' `packDir` names: null is the default pack, a bare name a bundled pack (a bundled
 * pack this install lacks resolves to where it would be, so the engine's error names that folder).
 */
export function packDirOf(packDir: string | null, defaultPackDir: string): string {
  if (packDir === null) return defaultPackDir;
  if (!isBarePackName(packDir)) return packDir;
  return bundledPackDir(packDir, defaultPackDir) ?? join(dirname(defaultPackDir), packDir);
}

export function engineConfigOf(settings: Settings, defaultPackDir: string): EngineConfig {
  return {
    packDir: packDirOf(settings.packDir, defaultPackDir),
    threads: settings.threads === 0 ? undefined : settings.threads,
    providers: settings.provider === 'auto' ? undefined : [settings.provider],
  };
}

/** `entropy`: the Restore view asks for the per-token map (its confidence overlay); batches need none. */
export function restoreOptionsOf(restore: RestoreSettings, memoryBudgetMB: number, entropy: RestoreOptions['entropy'] = 'off'): RestoreOptions {
  const { strategy, temperature, topK, topP, seed, cfg } = restore;
  return {
    sampling: { strategy, temperature, topK, topP, seed, ...(cfg === undefined ? {} : { cfg }) },
    prompt: restore.prompt?.trim() || undefined,
    fidelityGuard: restore.fidelityGuard,
    memoryBudgetMB,
    previewMaxSide: PREVIEW_MAX_SIDE,
    detail: restore.detail,
    denoise: restore.denoise,
    entropy,
  };
}

export function fileJobOf(
  input: string,
  output: string,
  restore: RestoreSettings,
  settings: Settings,
  overwrite: boolean,
  interactive?: { region?: PixelRect },
): FileJob {
  const lossy = restore.format === 'jpg' || restore.format === 'webp';
  return {
    input,
    output,
    scale: restore.scale,
    longEdge: restore.longEdge,
    megapixels: restore.megapixels,
    print: restore.print,
    region: interactive?.region,
    format: restore.format,
    quality: lossy ? restore.quality : undefined,
    // Only when 16, like the CLI's jobs: queue-server job ids hash the fields a job has.
    depth: settings.outputDepth === 16 ? 16 : undefined,
    overwrite,
    restore: restoreOptionsOf(restore, settings.memoryBudgetMB, interactive ? 'map' : 'off'),
    ...(restore.autoLook ? { autoLook: true as const } : {}),
  };
}

/** `expectedMs`: the photo's whole time at this machine's remembered speed, when known (time-left.ts). */
export function scaleProgressOf(jobId: string, event: WireScaleEvent, expectedMs: number | null = null): ScaleProgress {
  return {
    ...pickReported(event, scaleReportSchema),
    jobId,
    imageWidth: event.image.width,
    imageHeight: event.image.height,
    etaMs: photoTimeLeftMs(event.elapsedMs, event.progress, expectedMs),
    preview: event.preview,
  };
}

/** A photo's outcome in the app's words: the runner's sentence plus the app's advice for its code. */
export function appMessage(outcome: JobOutcome): string {
  return appSentence({ code: outcome.code ?? 'RUNTIME', message: outcome.message ?? 'The photo was not restored.', params: outcome.params });
}
