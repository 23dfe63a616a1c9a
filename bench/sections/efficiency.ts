// How close DVAR's graphs run to this machine's matmul peak: the pack's FLOPs per output MP (flops.py
// at the tiles one restore uses), achieved GFLOP/s per graph and per scale's transformer step, as a
// fraction of the best float32 MatMul rate measured in this process.
import { resolve } from 'node:path';
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import type { BenchConfig } from '../lib/config.ts';
import { timedRestore } from '../lib/dvar-run.ts';
import { matmulRates, type MatmulRate } from '../lib/matmul-peak.ts';
import { bestOf, outputMP } from '../lib/measure.ts';
import type { Methods } from '../lib/methods.ts';
import { restoreFlops } from '../lib/pack-flops.ts';

interface Rate {
  gflop: number;
  ms: number;
  gflops: number;
  fractionOfPeak: number;
}

export interface EfficiencyResult {
  matmul: MatmulRate[];
  peakGflops: number;
  side: number;
  outputMP: number;
  tiles: number;
  gflopPerOutputMP: number;
  /** Every graph that runs (ms from the graph runs themselves, GFLOP from flops.py). */
  graphs: Record<string, Rate>;
  stepPerScale: Array<Rate & { scale: number; tokens: number }>;
  /** The target figure: all transformer steps together. */
  stepFractionOfPeak: number;
}

export async function efficiency(config: BenchConfig, methods: Methods, log: (m: string) => void): Promise<EfficiencyResult> {
  const matmul = await matmulRates(config.matmulShapes, config.threads, config.repeat);
  const peakGflops = Math.max(...matmul.map((r) => r.gflops));
  log(`efficiency: matmul peak ${peakGflops.toFixed(1)} GFLOP/s`);
  const side = config.efficiencySide;
  const { result: run } = await bestOf(config.repeat, () => timedRestore(methods.engine, syntheticImage(side, side, 13)));
  const flops = await restoreFlops(resolve(config.pack), run.tiles, config.threads);
  const rate = (flop: number, ms: number): Rate => {
    const gflops = ms > 0 ? flop / 1e9 / (ms / 1000) : 0;
    return { gflop: flop / 1e9, ms, gflops, fractionOfPeak: gflops / peakGflops };
  };
  const graphs = Object.fromEntries(Object.entries(run.graphMs).map(([g, ms]) => [g, rate(flops.graphs[g] ?? 0, ms)]));
  const stepPerScale = run.perScale.slice(1).map((s) => ({ scale: s.scale, tokens: s.tokens, ...rate(flops.stepPerScale[s.scale - 1] ?? 0, s.stepGraphMs) }));
  const mp = outputMP(side, side);
  return {
    matmul,
    peakGflops,
    side,
    outputMP: mp,
    tiles: run.tiles.length,
    gflopPerOutputMP: flops.total / 1e9 / mp,
    graphs,
    stepPerScale,
    stepFractionOfPeak: graphs.step?.fractionOfPeak ?? 0,
  };
}
