// The UpscalerJS ESRGAN peers run tile by tile (bench/peers/upscalerjs.ts), so tfjs-wasm's heap, which
// only grows and stops at 4 GiB, stays at one tile's worth whatever the image's size. Whole images took
// esrgan-thick's heap to 3.8 GiB at a 500 px input, and the speed section never finished. Small tiles
// keep this cheap: once a tile size has been seen, a larger image (6× the pixels) grows neither the
// heap nor the live tensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChild } from '../../bench/lib/subprocess.ts';

interface HeapRun {
  side: number;
  heapBytes: number;
  tensors: number;
}

test('esrgan-slim on threaded tfjs-wasm: a larger image grows neither the heap nor the live tensors', async () => {
  const child = await runChild<{ runtime: string; threads: number; runs: HeapRun[] }>(
    'peer-memory',
    ['--peer', 'slim', '--threads', '2', '--tile', '32', '--pad', '4', '--sides', '80,80,200'],
    120_000,
  );
  assert.match(child.runtime, /^tfjs-wasm \(threaded/);
  assert.equal(child.threads, 2);
  const [, warm, large] = child.runs;
  assert.ok(warm && large);
  assert.ok(large.heapBytes <= warm.heapBytes * 1.1, `heap grew from ${warm.heapBytes} bytes at ${warm.side} px to ${large.heapBytes} at ${large.side} px`);
  assert.equal(large.tensors, warm.tensors, 'every tile frees its tensors');
});
