// Wall time of every ONNX graph run in this process, by graph name: wraps GraphSession.run once, so
// the engine runs unchanged and benchmarks see per-graph (and, via ScaleEvents, per-scale) times.
import { wrapGraphRun } from './wrap-graph-run.ts';

export interface GraphCall {
  graph: string;
  ms: number;
}

let active: GraphCall[] | undefined;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  wrapGraphRun(async (session, feeds, run) => {
    const start = performance.now();
    try {
      return await run(feeds);
    } finally {
      active?.push({ graph: session.name, ms: performance.now() - start });
    }
  });
}

/** Records graph runs until `stop()`; `calls` fills as graphs finish. One recording at a time. */
export function recordGraphRuns(): { calls: GraphCall[]; stop: () => void } {
  install();
  const calls: GraphCall[] = [];
  active = calls;
  return { calls, stop: () => void (active === calls && (active = undefined)) };
}

export function sumByGraph(calls: GraphCall[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.graph] = (out[c.graph] ?? 0) + c.ms;
  return out;
}
