// Time left for one photo: the one formula the CLI, the app host and (through the progress events'
// `etaMs`) the renderer use. It extrapolates the engine's own clock (`ScaleEvent.elapsedMs`, which
// starts when the restore itself starts) over the work-weighted progress. A clock that also counts
// opening the pack and decoding the photo runs high: those seconds are spent once, not in proportion
// to the work left. Early in a photo the extrapolation still swings (the first tiles pay warm-up, and
// the work weights are an average), so where this machine's speed was measured before
// (jobs/speed-memory.ts) the estimate starts from it and moves to the extrapolation as the photo
// progresses. bench/eta-accuracy.ts prints how far each estimate is from the time really left.

/** Too early to extrapolate before this: the first events carry start-up costs that later scales do not. */
export const MIN_PROGRESS = 0.05;
export const MIN_ELAPSED_MS = 500;

/**
 * Milliseconds left, or null while there is not enough to go on (or the work is done). `expectedMs`:
 * the photo's whole time at the remembered speed, when there is one.
 */
export function photoTimeLeftMs(elapsedMs: number, progress: number, expectedMs: number | null = null): number | null {
  if (!(elapsedMs >= 0) || !(progress < 1)) return null;
  const measurable = progress >= MIN_PROGRESS && elapsedMs >= MIN_ELAPSED_MS;
  const prior = expectedMs !== null && expectedMs > 0 ? expectedMs : null;
  if (!measurable) return prior === null ? null : Math.max(0, prior - elapsedMs);
  const extrapolated = elapsedMs / progress;
  const total = prior === null ? extrapolated : (1 - progress) * prior + progress * extrapolated;
  return Math.max(0, total - elapsedMs);
}
