// One DVAR restore with everything the benchmarks report: wall time, the engine's stage timings,
// per-graph run times, and per-scale times (ScaleEvent.stepMs and the transformer step graph alone).
import type { DvarEngine, FloatImage, TileRect } from '../../electron/engine/index.ts';
import { recordGraphRuns, sumByGraph } from './graph-timer.ts';

export interface ScaleTime {
  scale: number;
  /** Tokens of this scale summed over tiles. */
  tokens: number;
  /** ScaleEvent.stepMs summed over tiles: next_input + step + sample + fhat_update (+ preview). */
  scaleMs: number;
  /** The `step` graph alone (the transformer), summed over tiles; 0 for scale 1. */
  stepGraphMs: number;
}

export interface DvarRun {
  ms: number;
  image: FloatImage;
  tiles: TileRect[];
  /** RestoreResult.timings: ms per engine stage summed over tiles and scales. */
  timings: Record<string, number>;
  graphMs: Record<string, number>;
  perScale: ScaleTime[];
}

export async function timedRestore(engine: DvarEngine, image: FloatImage): Promise<DvarRun> {
  const perScale: ScaleTime[] = [];
  const recording = recordGraphRuns();
  let seen = 0;
  const started = performance.now();
  try {
    const result = await engine.restore(
      image,
      { previewMaxSide: 0 },
      {
        onScale: (e) => {
          const since = recording.calls.slice(seen);
          seen = recording.calls.length;
          const row = (perScale[e.scale - 1] ??= { scale: e.scale, tokens: 0, scaleMs: 0, stepGraphMs: 0 });
          row.tokens += e.tokens;
          row.scaleMs += e.stepMs;
          row.stepGraphMs += since.filter((c) => c.graph === 'step').reduce((s, c) => s + c.ms, 0);
        },
      },
    );
    const ms = performance.now() - started;
    return { ms, image: result.image, tiles: result.tiles, timings: result.timings, graphMs: sumByGraph(recording.calls), perScale };
  } finally {
    recording.stop();
  }
}
