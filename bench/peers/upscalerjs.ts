// UpscalerJS ESRGAN models (weights shipped inside their npm packages) run with TensorFlow.js in the
// same process as our engine, so speed and quality comparisons are like for like. tfjs-node cannot be
// installed here (it downloads a native library), so the WASM backend is used, with the plain-JS CPU
// backend as fallback.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { FloatImage } from '../../electron/engine/types.ts';

const require = createRequire(import.meta.url);

export type EsrganSize = 'slim' | 'medium' | 'thick';

let backendReady: Promise<string> | undefined;

/** Picks tfjs-backend-wasm (SIMD, `threads` workers where supported), else the CPU backend. */
export function initTfjs(threads: number): Promise<string> {
  backendReady ??= (async () => {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // The package's exports hide package.json: find its dist/ folder from the main entry point.
      let dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
      while (!dir.endsWith('dist')) dir = dirname(dir);
      wasm.setWasmPaths(dir + '/');
      wasm.setThreadsCount?.(threads);
      if (await tf.setBackend('wasm')) return 'wasm';
    } catch {
      // fall through to the CPU backend
    }
    await tf.setBackend('cpu');
    return 'cpu';
  })();
  return backendReady;
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
  /** Where it runs and on how many threads, for the report, when that differs from the ESRGANs' tfjs. */
  runtime?: string;
  upscale(image: FloatImage): Promise<FloatImage>;
  /** Releases native memory (onnxruntime sessions); tfjs models live as long as the process. */
  close?(): Promise<void>;
}

export async function loadEsrgan(size: EsrganSize, threads = 2): Promise<PeerUpscaler> {
  await initTfjs(threads);
  let pkg = dirname(require.resolve(`@upscalerjs/esrgan-${size}`));
  while (!pkg.endsWith(`@upscalerjs/esrgan-${size}`)) pkg = dirname(pkg);
  const dir = join(pkg, 'models', 'x4');
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weightSpecs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const shards = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => readFileSync(join(dir, p))));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  registerCustomLayers(4);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
  // RDN models (UpscalerJS "medium", "thick") take and give 0..255; the others 0..1.
  const range = JSON.stringify(json.modelTopology).includes('MultiplyBeta') ? 1 : 255;
  return {
    name: `esrgan-${size}`,
    async upscale(image) {
      const { width: w, height: h } = image;
      const out = tf.tidy(() => {
        const planar = tf.tensor3d(image.data, [3, h, w]);
        const input = planar.transpose([1, 2, 0]).mul(range).expandDims(0) as tf.Tensor4D;
        const y = model.predict(input) as tf.Tensor4D;
        return y.squeeze([0]).div(range).clipByValue(0, 1).transpose([2, 0, 1]);
      });
      const data = (await out.data()) as Float32Array;
      out.dispose();
      return { width: w * 4, height: h * 4, channels: 3, data: Float32Array.from(data) };
    },
  };
}
