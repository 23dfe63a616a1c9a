// The speed table's ncnn x4plus row: the Python process gets the very pixels the bench times the other
// peers on, its times come back one per input, and its picture is x4plus's (the onnxruntime row's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticImage } from '../helpers/fixtures.ts';
import { timeX4plusNcnn, X4PLUS_NCNN_NAME } from '../../bench/peers/realesrgan-ncnn.ts';
import { loadX4plus } from '../../bench/peers/realesrgan-x4plus.ts';

test('x4plus on ncnn times every input in one Python process and draws what x4plus on onnxruntime draws', { timeout: 300_000 }, async (t) => {
  const scratch = mkdtempSync(join(tmpdir(), 'dvar-ncnn-peer-test-'));
  try {
    const images = [syntheticImage(20, 16, 11), syntheticImage(12, 12, 4)];
    const times = await timeX4plusNcnn(images, 2, 2, scratch, true);
    if ('skipped' in times) return t.skip(times.skipped);
    assert.equal(times.name, X4PLUS_NCNN_NAME);
    assert.equal(times.threads, 2);
    assert.equal(times.ms.length, 2);
    assert.ok(times.ms.every((ms) => ms > 0));
    assert.match(times.runtime, /measured inside its Python process, image in memory to image in memory \(process start and model load excluded/);
    const out = times.output!;
    assert.deepEqual([out.width, out.height, out.data.length], [80, 64, 3 * 80 * 64]);

    const onnx = await loadX4plus(2);
    try {
      const reference = await onnx.upscale(images[0]!);
      let [max, sum] = [0, 0];
      for (let i = 0; i < out.data.length; i++) {
        const d = Math.abs(out.data[i]! - reference.data[i]!) * 255;
        [max, sum] = [Math.max(max, d), sum + d];
      }
      // Same weights, same tile, float32 on both (ncnn's fp16 storage does not apply on x86): they differ
      // by float rounding alone (~0.001 level here), far below a wrong channel order, scale or tile.
      assert.ok(sum / out.data.length < 0.05, `mean difference ${(sum / out.data.length).toFixed(4)} levels`);
      assert.ok(max < 0.5, `max difference ${max.toFixed(3)} levels`);
    } finally {
      await onnx.close?.();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
