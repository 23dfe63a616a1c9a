// Time left for the whole batch, and the time planned before it starts. Photos differ in size, so the
// rate is milliseconds per input pixel: from photos finished in this session, else the speed this
// machine remembered from earlier runs (speed-memory.ts), else from the running photo's own progress.
// The running photo's own time left is the one formula of electron/jobs/time-left.ts, fed the
// engine's clock (not time since the job started, which counts opening the pack and ran high).
import { photoTimeLeftMs } from '../jobs/index.ts';

export interface EtaInput {
  /** ms per input pixel, or null when nothing was measured yet. */
  msPerPixel: number | null;
  current: {
    /** The engine's clock for this photo (its last event's elapsedMs plus the time since); null before the first event. */
    engineElapsedMs: number | null;
    progress: number;
    /** Time since the job was handed to the engine (pack opening and decoding included). */
    sinceStartMs: number;
    pixels: number | null;
  } | null;
  /** Input pixels of each pending photo (null where the header could not be read). */
  pending: Array<number | null>;
}

/** The pending photos' time at `msPerPixel`; a photo whose size is unknown counts as an average one. */
export function plannedMs(msPerPixel: number | null, pending: Array<number | null>): number | null {
  if (msPerPixel === null || pending.length === 0) return null;
  const known = pending.filter((p): p is number => p !== null);
  const average = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  return Math.round(pending.reduce<number>((sum, p) => sum + (p ?? average), 0) * msPerPixel);
}

export function estimateEtaMs({ msPerPixel, current, pending }: EtaInput): number | null {
  let rate = msPerPixel;
  let currentLeft = 0;
  if (current) {
    const { engineElapsedMs, progress, sinceStartMs, pixels } = current;
    const expected = rate !== null && pixels ? rate * pixels : null;
    const left =
      engineElapsedMs === null
        ? expected === null
          ? null
          : Math.max(0, expected - sinceStartMs) // still opening the pack or decoding
        : photoTimeLeftMs(engineElapsedMs, progress, expected);
    if (left === null) return null;
    currentLeft = left;
    if (rate === null && pixels) rate = engineElapsedMs! / progress / pixels; // measurable, or left were null
  }
  if (pending.length === 0) return current ? Math.round(currentLeft) : null;
  const rest = plannedMs(rate, pending);
  return rest === null ? null : Math.round(currentLeft) + rest;
}
