// Small measuring helpers shared by the sections.
import { readFileSync } from 'node:fs';

/** The fastest of `repeat` runs, in milliseconds, with the result of that run. */
export async function bestOf<T>(repeat: number, run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let best: { ms: number; result: T } | undefined;
  for (let i = 0; i < Math.max(1, repeat); i++) {
    const t = performance.now();
    const result = await run();
    const ms = performance.now() - t;
    if (!best || ms < best.ms) best = { ms, result };
  }
  return best!;
}

/** Peak resident set size of this process so far (VmHWM), in MiB; NaN where /proc is missing. */
export function peakRssMB(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Ordinary least squares y = a + b·x with R². */
export function linearFit(xs: number[], ys: number[]): { intercept: number; slope: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: my - slope * mx, slope, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1 };
}

export const outputMP = (width: number, height: number, upscale = 4) => (width * upscale * height * upscale) / 1e6;
