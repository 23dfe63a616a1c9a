// One ONNX graph of a pack: opened on the first provider that works, its inputs and outputs checked
// against the manifest so a mismatched graph is named before anything runs.
import * as ort from 'onnxruntime-node';
import { DvarError } from '../errors.ts';

export interface GraphIO {
  name: string;
  dtype: string;
  shape: Array<number | string>;
}

export interface GraphDeclaration {
  file: string;
  inputs: GraphIO[];
  outputs: GraphIO[];
}

export type Feeds = Record<string, ort.Tensor>;

/**
 * Set once this thread is shutting down: every later graph run stops with CANCELLED. onnxruntime-node
 * 1.30 cannot interrupt a run (its binding reads no `RunOptions.terminate`; only the WebAssembly backend
 * does) and a run blocks the thread until it returns, so between two runs is the earliest a stop can act.
 * Per thread: the engine worker's modules are its own.
 */
let stopping = false;

/** Makes every graph run that has not started yet stop with CANCELLED (the thread is shutting down). */
export function stopGraphRuns(): void {
  stopping = true;
}

export interface SessionSettings {
  providers: string[];
  threads: number;
  /** Let idle intra-op threads spin for work (onnxruntime's default); see `sessionOptions`. */
  spinWait?: boolean;
}

/**
 * Every graph has its own intra-op thread pool, and onnxruntime's threads spin for a while after each
 * run waiting for more work. The pipeline alternates between ten graphs, so the pools of the graphs
 * that just ran burn the cores the next graph needs: on 2 cores, turning spinning off made a 1 MP
 * restore 1.8× faster (the `step` graph 2.9×). Spinning is kept as an option for A/B measurements.
 */
export function sessionOptions(provider: string, settings: SessionSettings): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    intraOpNumThreads: settings.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: settings.spinWait ? '1' : '0' } } },
  };
}

function checkDeclared(
  name: string,
  file: string,
  kind: 'inputs' | 'outputs',
  declared: GraphIO[],
  actual: readonly ort.InferenceSession.ValueMetadata[],
): void {
  for (const io of declared) {
    const found = actual.find((m) => m.name === io.name);
    if (!found) {
      throw new DvarError(
        'PACK_INVALID',
        `Model pack graph ${file} has no ${kind.slice(0, -1)} "${io.name}" declared in field "graphs.${name}.${kind}" of manifest.json.`,
      );
    }
    if (found.isTensor && found.type !== io.dtype) {
      throw new DvarError(
        'PACK_INVALID',
        `Model pack graph ${file} ${kind.slice(0, -1)} "${io.name}" is ${found.type}, but field "graphs.${name}.${kind}" of manifest.json says ${io.dtype}.`,
      );
    }
  }
}

export class GraphSession {
  private constructor(
    readonly name: string,
    readonly provider: string,
    private readonly session: ort.InferenceSession,
  ) {}

  /** Tries each provider in order; returns the session and the failures met on the way. */
  static async open(
    name: string,
    path: string,
    declaration: GraphDeclaration,
    settings: SessionSettings,
  ): Promise<{ graph: GraphSession; failures: string[] }> {
    const failures: string[] = [];
    for (const provider of settings.providers) {
      try {
        const session = await ort.InferenceSession.create(path, sessionOptions(provider, settings));
        checkDeclared(name, declaration.file, 'inputs', declaration.inputs, session.inputMetadata);
        checkDeclared(name, declaration.file, 'outputs', declaration.outputs, session.outputMetadata);
        return { graph: new GraphSession(name, provider, session), failures };
      } catch (error) {
        if (error instanceof DvarError) throw error;
        failures.push(`${provider}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    throw new DvarError('PACK_INVALID', `Model pack graph ${declaration.file} could not be opened by onnxruntime (${failures.join('; ')}).`);
  }

  async run(feeds: Feeds): Promise<Record<string, ort.Tensor>> {
    if (stopping) throw new DvarError('CANCELLED', 'The restore was cancelled.');
    try {
      return await this.session.run(feeds);
    } catch (error) {
      throw new DvarError('RUNTIME', `The ${this.name} graph failed while restoring (${(error as Error).message.split('\n')[0]}).`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
