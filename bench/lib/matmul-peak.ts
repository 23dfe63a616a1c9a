// This machine's float32 matrix-multiply rate in onnxruntime-node, at the thread count the engine uses:
// the ceiling the pack's transformer steps are measured against.
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { REPO_ROOT } from '../../test/helpers/fixtures.ts';
import type { MatmulShape } from './config.ts';

export interface MatmulRate {
  shape: MatmulShape;
  gflops: number;
}

function random(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5;
  return a;
}

export async function matmulRates(shapes: MatmulShape[], threads: number, repeat: number): Promise<MatmulRate[]> {
  const session = await ort.InferenceSession.create(join(REPO_ROOT, 'bench', 'fixtures', 'matmul.onnx'), {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const rates: MatmulRate[] = [];
  try {
    for (const shape of shapes) {
      const [m, k, n] = shape;
      const feeds = { a: new ort.Tensor('float32', random(m * k), [m, k]), b: new ort.Tensor('float32', random(k * n), [k, n]) };
      await session.run(feeds); // warm-up
      const flop = 2 * m * k * n;
      // Small shapes are timed over several calls so timer and call overhead do not dominate.
      const calls = Math.min(50, Math.max(1, Math.round(2e9 / flop)));
      let best = Infinity;
      for (let r = 0; r < Math.max(3, repeat); r++) {
        const t = performance.now();
        for (let c = 0; c < calls; c++) await session.run(feeds);
        best = Math.min(best, (performance.now() - t) / calls);
      }
      rates.push({ shape, gflops: flop / (best / 1000) / 1e9 });
    }
  } finally {
    await session.release();
  }
  return rates;
}
