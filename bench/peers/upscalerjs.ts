// UpscalerJS ESRGAN models (weights shipped inside their npm packages) run with TensorFlow.js in the
// same process as our engine, so speed and quality comparisons are like for like. tfjs-node cannot be
// installed here (it downloads a native library), so the WASM backend is used, with the plain-JS CPU
// backend as fallback. The WASM backend runs at the thread count asked for (threaded build under Node
// through tfjs-wasm-threads.ts), so the ESRGANs get as many threads as DVAR.
// They run tile by tile like x4plus (Upscayl's 128 px tiles + 10 px context, bench/lib/tiled-x4.ts):
// whole, esrgan-thick at a 500 px input (4 MP out) took tfjs-wasm's heap to 2.6 GiB on its own and,
// after slim and medium in the same heap, to 3.8 GiB by its second repeat (each repeat grew it), at the
// 4 GiB wasm32 cap, where the threaded build hangs (tfjs-wasm-heap.ts). Tiles keep the heap at one tile's
// worth whatever the photo's size; a single-tile image (the 64 px dev pairs) gives the same output as before.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { FloatImage } from '../../electron/engine/types.ts';
import { tiledX4, UPSCAYL_TILES, type TileOptions } from '../lib/tiled-x4.ts';
import { readTfjsModelJson } from './tfjs-model-json.ts';
import { guardWasmMalloc } from './tfjs-wasm-heap.ts';
import { withThreadedWasm } from './tfjs-wasm-threads.ts';

const require = createRequire(import.meta.url);

export type EsrganSize = 'slim' | 'medium' | 'thick';

/** The TensorFlow.js backend the ESRGANs run on, the threads it really uses, and why when fewer. */
export interface TfjsBackend {
  name: 'wasm' | 'cpu';
  threads: number;
  /** Why it runs on fewer threads than asked (the CPU fallback is single-threaded JavaScript). */
  fewerThreadsWhy?: string;
}

let backendReady: Promise<TfjsBackend> | undefined;

/**
 * Picks tfjs-backend-wasm (SIMD; with `threads` > 1 its threaded build, started through real files as
 * tfjs-wasm-threads.ts explains), else the CPU backend. One backend per process: the first call wins.
 */
export function initTfjs(threads: number): Promise<TfjsBackend> {
  backendReady ??= (async (): Promise<TfjsBackend> => {
    let why = 'the WASM backend did not start';
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // The package's exports hide package.json: find its dist/ folder from the main entry point.
      let dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
      while (!dir.endsWith('dist')) dir = dirname(dir);
      wasm.setWasmPaths(dir + '/');
      wasm.setThreadsCount(threads);
      const setFlag = (on: boolean) => tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', on);
      const ready = threads > 1 ? await withThreadedWasm(threads, setFlag, () => tf.setBackend('wasm')) : await tf.setBackend('wasm');
      if (ready) {
        letProcessExit();
        guardWasmMalloc();
        const used = wasm.getThreadsCount();
        return { name: 'wasm', threads: used, ...(used < threads ? { fewerThreadsWhy: `tfjs-wasm started ${used} of ${threads} XNNPACK threads` } : {}) };
      }
    } catch (error) {
      why = `the WASM backend did not start (${(error as Error).message ?? String(error)})`;
    }
    await tf.setBackend('cpu');
    return { name: 'cpu', threads: 1, ...(threads > 1 ? { fewerThreadsWhy: `${why}; tfjs-cpu is single-threaded JavaScript` } : {}) };
  })();
  return backendReady;
}

/**
 * XNNPACK's pthreads park in their Node workers for the process's life, and a worker running a pthread
 * holds the event loop open, so a script would never end by itself. The main thread talks to them
 * through shared memory, not the event loop, so they can be unreferenced.
 */
function letProcessExit(): void {
  const pthreads = (tf.backend() as unknown as { wasm?: { PThread?: { runningWorkers: Worker[]; unusedWorkers: Worker[] } } }).wasm?.PThread;
  for (const w of [...(pthreads?.runningWorkers ?? []), ...(pthreads?.unusedWorkers ?? [])]) (w as unknown as { unref?: () => void }).unref?.();
}

/** "tfjs-wasm, 2 threads" and, when fewer threads than asked, why. */
export function tfjsRuntime(backend: TfjsBackend): string {
  const build = backend.name === 'wasm' ? (backend.threads > 1 ? 'tfjs-wasm (threaded SIMD build)' : 'tfjs-wasm (SIMD)') : 'tfjs-cpu';
  return `${build}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}${backend.fewerThreadsWhy ? ` (${backend.fewerThreadsWhy})` : ''}`;
}

/** Registers the custom layers the ESRGAN (non-RDN) graphs use; RDN graphs need none. */
function registerCustomLayers(scale: number): void {
  class MultiplyBeta extends tf.layers.Layer {
    static className = 'MultiplyBeta';
    call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, 0.2);
    }
  }
  class PixelShuffle extends tf.layers.Layer {
    static className = `PixelShuffle${scale}x`;
    computeOutputShape(s: tf.Shape): tf.Shape {
      return [s[0]!, s[1]!, s[2]!, 3];
    }
    call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.depthToSpace((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D, scale, 'NHWC');
    }
  }
  for (const layer of [MultiplyBeta, PixelShuffle]) tf.serialization.registerClass(layer);
}

export interface PeerUpscaler {
  name: string;
  /** Where it runs and on how many threads, for the report (and why, when fewer than DVAR's). */
  runtime: string;
  /** The threads it really runs on: the bench asks every peer for DVAR's count. */
  threads: number;
  upscale(image: FloatImage): Promise<FloatImage>;
  /** Releases native memory (onnxruntime sessions); tfjs models live as long as the process. */
  close?(): Promise<void>;
}

export async function loadEsrgan(size: EsrganSize, threads = 2, tiles: TileOptions = UPSCAYL_TILES): Promise<PeerUpscaler> {
  const backend = await initTfjs(threads);
  let pkg = dirname(require.resolve(`@upscalerjs/esrgan-${size}`));
  while (!pkg.endsWith(`@upscalerjs/esrgan-${size}`)) pkg = dirname(pkg);
  const dir = join(pkg, 'models', 'x4');
  const json = readTfjsModelJson(join(dir, 'model.json'));
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const shards = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  registerCustomLayers(4);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
  // RDN models (UpscalerJS "medium", "thick") take and give 0..255; the others 0..1.
  const range = JSON.stringify(json.modelTopology).includes('MultiplyBeta') ? 1 : 255;
  const runTile = async (tile: FloatImage): Promise<FloatImage> => {
    const { width: w, height: h } = tile;
    const out = tf.tidy(() => {
      const planar = tf.tensor3d(tile.data, [3, h, w]);
      const input = planar.transpose([1, 2, 0]).mul(range).expandDims<tf.Tensor4D>(0);
      const y = model.predict(input) as tf.Tensor4D;
      return y.squeeze([0]).div(range).clipByValue(0, 1).transpose([2, 0, 1]);
    });
    const data = (await out.data()) as Float32Array;
    out.dispose();
    return { width: w * 4, height: h * 4, channels: 3, data: Float32Array.from(data) };
  };
  return {
    name: `esrgan-${size}`,
    runtime: `${tfjsRuntime(backend)}, ${tiles.tile} px tiles + ${tiles.pad} px context`,
    threads: backend.threads,
    upscale: (image) => tiledX4(image, runTile, tiles),
  };
}
