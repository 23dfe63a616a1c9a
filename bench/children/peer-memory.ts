// Child of test/bench/esrgan-heap.test.ts, and the speed section's peer measurements one peer per
// process, so that each peer's peak RSS is its own: one peer (an UpscalerJS ESRGAN on tfjs-wasm, or
// x4plus on onnxruntime) run on synthetic images of growing sides, reporting after each the time per
// output MP, the process's peak RSS and, for tfjs, the WASM heap's size and the live tensor count. The
// heap only grows, so its size after the largest side is what the peer needs there. One JSON line.
//
//   npx tsx bench/children/peer-memory.ts --peer thick --sides 125,250,500 [--threads 2] [--tile 128 --pad 10]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import { peakRssMB } from '../lib/measure.ts';
import { openPeer, type PeerName } from '../lib/methods.ts';
import { UPSCAYL_TILES } from '../lib/tiled-x4.ts';
import { loadEsrgan, type EsrganSize } from '../peers/upscalerjs.ts';
import { wasmHeapBytes } from '../peers/tfjs-wasm-heap.ts';

const { values } = parseArgs({
  options: {
    peer: { type: 'string', default: 'slim' },
    sides: { type: 'string', default: '125,250,500' },
    threads: { type: 'string', default: '2' },
    tile: { type: 'string', default: String(UPSCAYL_TILES.tile) },
    pad: { type: 'string', default: String(UPSCAYL_TILES.pad) },
    seed: { type: 'string', default: '11' },
  },
});
const threads = Number(values.threads);
const name = values.peer as PeerName;
// Tiles other than Upscayl's are for the ESRGANs only (the heap test's small tiles).
const peer =
  name === 'x4plus' ? await openPeer(name, threads) : await loadEsrgan(name as EsrganSize, threads, { tile: Number(values.tile), pad: Number(values.pad) });
const runs = [];
for (const side of values.sides.split(',').map(Number)) {
  const t = performance.now();
  const output = await peer.upscale(syntheticImage(side, side, Number(values.seed)));
  const seconds = (performance.now() - t) / 1000;
  const outputMP = (output.width * output.height) / 1e6;
  const tfjs = name === 'x4plus' ? {} : { heapBytes: wasmHeapBytes(), tensors: tf.memory().numTensors };
  runs.push({ side, outputMP, seconds, secondsPerMP: seconds / outputMP, peakRssMB: peakRssMB(), ...tfjs });
}
await peer.close?.();
console.log(JSON.stringify({ peer: peer.name, runtime: peer.runtime, threads: peer.threads, runs }));
