// FLOPs of the graphs one restore runs, from models/dvar/pack/flops.py at the tile sizes the engine planned.
import type { TileRect } from '../../electron/engine/index.ts';
import { runPython } from './subprocess.ts';

export interface TileFlops {
  tile: [number, number];
  graphs: Record<string, number>;
  /** The step graph at scales 2..K. */
  step_per_scale: number[];
  total: number;
}

export interface RestoreFlops {
  graphs: Record<string, number>;
  /** Index 0 = scale 1 (no step), then scales 2..K, summed over tiles. */
  stepPerScale: number[];
  total: number;
}

export async function restoreFlops(pack: string, tiles: TileRect[], threads: number): Promise<RestoreFlops> {
  const sizes = [...new Set(tiles.map((t) => `${t.height}x${t.width}`))];
  const per = JSON.parse(
    await runPython('dvar.pack.flops', ['--pack', pack, '--threads', String(threads), ...sizes.flatMap((s) => ['--tile', s])]),
  ) as TileFlops[];
  const bySize = new Map(sizes.map((s, i) => [s, per[i]!]));
  const out: RestoreFlops = { graphs: {}, stepPerScale: [0], total: 0 };
  for (const t of tiles) {
    const f = bySize.get(`${t.height}x${t.width}`)!;
    for (const [g, v] of Object.entries(f.graphs)) out.graphs[g] = (out.graphs[g] ?? 0) + v;
    f.step_per_scale.forEach((v, i) => (out.stepPerScale[i + 1] = (out.stepPerScale[i + 1] ?? 0) + v));
    out.total += f.total;
  }
  return out;
}
