// Wall time of every ONNX graph run in this process, by graph name: wraps GraphSession.run once, so
// the engine runs unchanged and benchmarks see per-graph (and, via ScaleEvents, per-scale) times.
import { GraphSession } from '../../electron/engine/runtime/graph-session.ts';

export interface GraphCall {
  graph: string;
  ms: number;
}

let active: GraphCall[] | undefined;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const run = GraphSession.prototype.run;
  GraphSession.prototype.run = async function (this: GraphSession, feeds) {
    const start = performance.now();
    try {
      return await run.call(this, feeds);
    } finally {
      active?.push({ graph: this.name, ms: performance.now() - start });
    }
  };
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
