// How long the bundled packs take before this machine has measured its own speed (speed-file.ts):
// seconds per output megapixel at ×4 on 2 CPU threads, the spread bench/run.ts measured across the
// machines it ran on (README, "Speed"). Only a first guess, and said to be one where it is shown.
const SECONDS_PER_OUTPUT_MP: Record<string, readonly [number, number]> = {
  default: [6.5, 9.0],
  fast: [2.3, 3.6],
};

/** ms per input megapixel, low and high, for a bundled pack's name; null for any other pack. */
export function typicalMsPerInputMP(packName: string, upscale: number): { low: number; high: number } | null {
  const range = Object.hasOwn(SECONDS_PER_OUTPUT_MP, packName) ? SECONDS_PER_OUTPUT_MP[packName]! : null;
  if (!range) return null;
  // The model always works at its own upscale: every input megapixel is upscale² output megapixels.
  return { low: range[0] * 1000 * upscale * upscale, high: range[1] * 1000 * upscale * upscale };
}
