// Child of test/bench/esrgan-threads.test.ts (and a quick manual check): one UpscalerJS ESRGAN on
// tfjs-wasm at the given thread count, on a small synthetic image. A tfjs backend is set up once per
// process, so comparing thread counts takes one process each. Prints one JSON line: the backend, the
// thread count tfjs-wasm reports, the output's SHA-256 and the best of `repeat` run times.
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import { initTfjs, loadEsrgan, type EsrganSize } from '../peers/upscalerjs.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'slim' },
    side: { type: 'string', default: '48' },
    threads: { type: 'string' },
    repeat: { type: 'string', default: '1' },
  },
});
const threads = Number(values.threads);
const backend = await initTfjs(threads);
const model = await loadEsrgan(values.size as EsrganSize, threads);
const input = syntheticImage(Number(values.side), Number(values.side), 7);
let best = Infinity;
let output = await model.upscale(input);
for (let i = 0; i < Number(values.repeat); i++) {
  const t = performance.now();
  output = await model.upscale(input);
  best = Math.min(best, performance.now() - t);
}
const sha256 = createHash('sha256')
  .update(new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength))
  .digest('hex');
console.log(JSON.stringify({ backend: backend.name, threads: backend.threads, sha256, width: output.width, height: output.height, ms: best }));
