// The inputs every ONNX graph received during one call (a restore), by graph name, copied: replaying
// them on a float32 and an int8 session, alternately, times one graph at a time on the exact tensors
// the pipeline feeds it, free of the rest of the pipeline and fair under a shared machine's load.
import * as ort from 'onnxruntime-node';
import { wrapGraphRun } from './wrap-graph-run.ts';

export type Feeds = Record<string, ort.Tensor>;

let recording: Map<string, Feeds[]> | undefined;
let installed = false;

/** A copy: the pipeline may reuse a tensor's buffer for its next call. */
function copy(feeds: Feeds): Feeds {
  return Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.type, (t.data as Float32Array).slice(), t.dims)]));
}

function install(): void {
  if (installed) return;
  installed = true;
  wrapGraphRun(async (session, feeds, run) => {
    if (recording) recording.set(session.name, [...(recording.get(session.name) ?? []), copy(feeds)]);
    return run(feeds);
  });
}

/** Runs `work` and returns every graph's feeds in call order. One recording at a time. */
export async function recordGraphFeeds(work: () => Promise<unknown>): Promise<Map<string, Feeds[]>> {
  install();
  const calls = new Map<string, Feeds[]>();
  recording = calls;
  try {
    await work();
  } finally {
    recording = undefined;
  }
  return calls;
}
