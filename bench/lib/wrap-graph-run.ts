// Wraps GraphSession.run for every session in this process, so benchmarks (graph-timer.ts, graph-feeds.ts,
// graph-outputs.ts) see each graph run while the engine runs unchanged. Wrappers stack: each calls the
// run it replaced.
import type * as ort from 'onnxruntime-node';
import { GraphSession, type Feeds } from '../../electron/engine/runtime/graph-session.ts';

type Outputs = Record<string, ort.Tensor>;

/** GraphSession.run as a function that must be called with its session as `this`. */
type SessionRun = (this: GraphSession, feeds: Feeds) => Promise<Outputs>;

/** Makes every session's run `around(session, feeds, run)`, where `run` is the run it replaces. */
export function wrapGraphRun(around: (session: GraphSession, feeds: Feeds, run: (feeds: Feeds) => Promise<Outputs>) => Promise<Outputs>): void {
  const prototype: { run: SessionRun } = GraphSession.prototype;
  const replaced = prototype.run;
  prototype.run = function (feeds) {
    return around(this, feeds, (f) => replaced.call(this, f));
  };
}
