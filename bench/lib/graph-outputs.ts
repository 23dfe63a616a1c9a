// The outputs of chosen ONNX graphs, as the engine gets them: wraps GraphSession.run once (like
// graph-timer.ts), so a benchmark can read what the engine does not hand out (every scale's logits,
// the decoder's image before detail transfer, the restorer's image) while the engine runs unchanged.
import type * as ort from 'onnxruntime-node';
import { wrapGraphRun } from './wrap-graph-run.ts';

export interface GraphOutput {
  graph: string;
  outputs: Record<string, ort.Tensor>;
}

let active: { names: Set<string>; calls: GraphOutput[] } | undefined;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  wrapGraphRun(async (session, feeds, run) => {
    const outputs = await run(feeds);
    if (active?.names.has(session.name)) active.calls.push({ graph: session.name, outputs });
    return outputs;
  });
}

/** Records the outputs of the named graphs, in run order, until `stop()`. One recording at a time. */
export function recordGraphOutputs(names: string[]): { calls: GraphOutput[]; stop: () => void } {
  install();
  const recording = { names: new Set(names), calls: [] as GraphOutput[] };
  active = recording;
  return { calls: recording.calls, stop: () => void (active === recording && (active = undefined)) };
}
