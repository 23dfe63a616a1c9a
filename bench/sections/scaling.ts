// How DVAR's time grows with the number of output pixels: restores at several sizes and a least-squares
// line through (output MP, seconds). Linear cost means R² near 1 and a flat time per MP.
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import type { BenchConfig } from '../lib/config.ts';
import { timedRestore } from '../lib/dvar-run.ts';
import { bestOf, linearFit, outputMP } from '../lib/measure.ts';
import type { Methods } from '../lib/methods.ts';

export interface ScalingResult {
  points: Array<{ side: number; outputMP: number; tiles: number; seconds: number; secondsPerMP: number }>;
  fit: { interceptSeconds: number; secondsPerMP: number; r2: number };
}

export async function scaling(config: BenchConfig, methods: Methods, log: (m: string) => void): Promise<ScalingResult> {
  const points: ScalingResult['points'] = [];
  for (const side of config.scalingSides) {
    const input = syntheticImage(side, side, 7);
    const { ms, result } = await bestOf(config.mode === 'full' ? 1 : config.repeat, () => timedRestore(methods.engine, input));
    const mp = outputMP(side, side);
    points.push({ side, outputMP: mp, tiles: result.tiles.length, seconds: ms / 1000, secondsPerMP: ms / 1000 / mp });
    log(`scaling ${side}px: ${(ms / 1000).toFixed(2)} s`);
  }
  const f = linearFit(
    points.map((p) => p.outputMP),
    points.map((p) => p.seconds),
  );
  return { points, fit: { interceptSeconds: f.intercept, secondsPerMP: f.slope, r2: f.r2 } };
}
