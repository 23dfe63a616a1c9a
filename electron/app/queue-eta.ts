// Time left for the whole batch. Photos differ in size, so the rate is milliseconds per input pixel,
// learned from photos finished in this session; before the first one finishes, from the running
// photo's own progress (after 5%, as the CLI does, since the first events carry start-up costs).

export interface EtaInput {
  /** Finished photos of this session: total ms and total input pixels. */
  finished: { ms: number; pixels: number };
  current: { elapsedMs: number; progress: number; pixels: number | null } | null;
  /** Input pixels of each pending photo (null where the header could not be read). */
  pending: Array<number | null>;
}

export function estimateEtaMs({ finished, current, pending }: EtaInput): number | null {
  let msPerPixel = finished.pixels > 0 ? finished.ms / finished.pixels : null;
  let currentLeft = 0;
  if (current) {
    const { elapsedMs, progress, pixels } = current;
    const measurable = progress >= 0.05 && elapsedMs >= 200;
    if (measurable) {
      currentLeft = (elapsedMs * (1 - progress)) / progress;
      if (msPerPixel === null && pixels) msPerPixel = elapsedMs / progress / pixels;
    } else if (msPerPixel !== null && pixels) {
      currentLeft = Math.max(0, msPerPixel * pixels - elapsedMs);
    } else {
      return null;
    }
  }
  if (pending.length === 0) return current ? Math.round(currentLeft) : null;
  if (msPerPixel === null) return null;
  const known = pending.filter((p): p is number => p !== null);
  // Unreadable headers usually mean a bad file that fails at once; count it as an average photo anyway.
  const average = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  const pixels = pending.reduce<number>((sum, p) => sum + (p ?? average), 0);
  return Math.round(currentLeft + pixels * msPerPixel);
}
