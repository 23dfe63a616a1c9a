// The speed table's two x4plus rows, checked to compute the same picture: x4plus on ncnn's CPU path
// (peers/realesrgan-ncnn.ts) against x4plus on onnxruntime (peers/realesrgan-x4plus.ts), same weights,
// same tiles, on a dev pair's LQ and on the bench's synthetic speed input (several tiles). Prints the
// max / mean absolute difference in 8-bit levels (outputs clamped to 0..1) and the PSNR between them,
// then times the two on the speed input of `--time-side` in turns, `--repeat` rounds, best of each (on a busy machine,
// turns keep a change of load from favouring whichever runs first; the bench times each method in one block).
//
//   npx tsx bench/ncnn-vs-onnx.ts [--lq models/runs/dev-images/realesrgan/000-lq.png] [--side 160] [--time-side 125] [--threads 2] [--repeat 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { FloatImage } from '../electron/engine/types.ts';
import { REPO_ROOT, syntheticImage } from '../test/helpers/fixtures.ts';
import { readPng } from './lib/images.ts';
import { timeX4plusNcnn } from './peers/realesrgan-ncnn.ts';
import { loadX4plus } from './peers/realesrgan-x4plus.ts';

const { values } = parseArgs({
  options: {
    lq: { type: 'string', default: join(REPO_ROOT, 'models', 'runs', 'dev-images', 'realesrgan', '000-lq.png') },
    side: { type: 'string', default: '160' },
    'time-side': { type: 'string', default: '125' },
    threads: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '3' },
  },
});
const threads = Number(values.threads);

/** Max and mean |a − b| in 8-bit levels over every channel, both clamped to 0..1, and the PSNR between them. */
function difference(a: FloatImage, b: FloatImage): { max: number; mean: number; psnr: number } {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`${a.width}×${a.height} against ${b.width}×${b.height}`);
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  let [max, sum, sq] = [0, 0, 0];
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(clamp(a.data[i]!) - clamp(b.data[i]!)) * 255;
    [max, sum, sq] = [Math.max(max, d), sum + d, sq + d * d];
  }
  const mse = sq / a.data.length;
  return { max, mean: sum / a.data.length, psnr: mse > 0 ? 10 * Math.log10((255 * 255) / mse) : Infinity };
}

const onnx = await loadX4plus(threads, console.log);
const scratch = mkdtempSync(join(tmpdir(), 'dvar-ncnn-vs-onnx-'));
try {
  const inputs: Array<[string, FloatImage]> = [
    [`dev pair ${relative(REPO_ROOT, values.lq)}`, await readPng(values.lq)],
    [`synthetic ${values.side} px (the speed input's pattern)`, syntheticImage(Number(values.side), Number(values.side), 11)],
  ];
  for (const [what, image] of inputs) {
    const ncnn = await timeX4plusNcnn([image], threads, 1, scratch, true);
    if ('skipped' in ncnn) throw new Error(`ncnn cannot run here: ${ncnn.skipped}`);
    const d = difference(ncnn.output!, await onnx.upscale(image));
    console.log(
      `${what}, ${image.width}×${image.height} → ×4: ncnn vs onnxruntime max ${d.max.toFixed(4)} / mean ${d.mean.toFixed(5)} levels, PSNR ${d.psnr.toFixed(1)} dB`,
    );
  }
  const image = syntheticImage(Number(values['time-side']), Number(values['time-side']), 11);
  const mp = (16 * image.width * image.height) / 1e6;
  const best = { ncnn: Infinity, onnx: Infinity };
  for (let round = 0; round < Number(values.repeat); round++) {
    const ncnn = await timeX4plusNcnn([image], threads, 1, scratch);
    if ('skipped' in ncnn) throw new Error(ncnn.skipped);
    const began = performance.now();
    await onnx.upscale(image);
    const onnxMs = performance.now() - began;
    [best.ncnn, best.onnx] = [Math.min(best.ncnn, ncnn.ms[0]!), Math.min(best.onnx, onnxMs)];
    console.log(`round ${round + 1}: ncnn ${(ncnn.ms[0]! / 1000 / mp).toFixed(2)} s/MP, onnxruntime ${(onnxMs / 1000 / mp).toFixed(2)} s/MP`);
  }
  console.log(
    `in turns, ${mp.toFixed(2)} MP out, ${threads} threads, best of ${values.repeat}: ncnn ${(best.ncnn / 1000 / mp).toFixed(2)} s/MP, onnxruntime ${(best.onnx / 1000 / mp).toFixed(2)} s/MP`,
  );
} finally {
  await onnx.close?.();
  rmSync(scratch, { recursive: true, force: true });
}
