// Threaded tfjs-wasm under Node (bench/peers/tfjs-wasm-threads.ts): the UpscalerJS ESRGAN peer really
// runs on 2 XNNPACK threads when asked, and its output is byte-identical to the 1-thread run, so the
// speed table compares it with DVAR at equal threads without changing what the quality table scores.
// One process per thread count: tfjs sets its backend up once per process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChild } from '../../bench/lib/subprocess.ts';

interface ChildResult {
  backend: string;
  threads: number;
  sha256: string;
  width: number;
  height: number;
}

test('esrgan-slim on tfjs-wasm: 2 threads reported, output byte-identical to 1 thread', async () => {
  const run = (threads: number) => runChild<ChildResult>('esrgan-threads', ['--size', 'slim', '--side', '40', '--threads', String(threads)], 120_000);
  const one = await run(1);
  const two = await run(2);
  assert.equal(one.backend, 'wasm');
  assert.equal(two.backend, 'wasm');
  assert.equal(one.threads, 1);
  assert.equal(two.threads, 2, 'the threaded build runs XNNPACK on 2 threads');
  assert.deepEqual([two.width, two.height], [160, 160]);
  assert.equal(two.sha256, one.sha256, 'threads change the speed, not one output byte');
});
