// Runs the shipped engine and the peers on the dev pairs that `python -m dvar.train.dev_images dump`
// wrote (NNN-lq.png), saving NNN-<method>.png beside them; `dev_images score` then measures every
// method with the training metrics, so the engine path is scored exactly as shipped.
//
//   npx tsx bench/quality-vs-peers.ts [--dir models/runs/dev-images] [--pack DIR] [--peers slim,medium,thick]
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DEFAULT_PACK_DIR, DvarEngine, type FloatImage } from '../electron/engine/index.ts';
import { loadEsrgan, type EsrganSize, type PeerUpscaler } from './peers/upscalerjs.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'models/runs/dev-images' },
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    peers: { type: 'string', default: 'slim,medium,thick' },
    threads: { type: 'string', default: '2' },
  },
});
const threads = Number(values.threads);

async function readPng(path: string): Promise<FloatImage> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  const planar = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) planar[c * n + i] = data[i * 3 + c]! / 255;
  return { width: info.width, height: info.height, channels: 3, data: planar };
}

async function writePng(path: string, image: FloatImage): Promise<void> {
  const n = image.width * image.height;
  const rgb = Buffer.alloc(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(Math.min(1, Math.max(0, image.data[c * n + i]!)) * 255);
  await sharp(rgb, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toFile(path);
}

type Method = { name: string; run: (lq: FloatImage, lqPath: string) => Promise<FloatImage | Buffer> };

const engine = await DvarEngine.open(values.pack!, { threads });
const methods: Method[] = [
  { name: 'lanczos3', run: async (lq, p) => sharp(p).resize(lq.width * 4, lq.height * 4, { kernel: 'lanczos3' }).png().toBuffer() },
];
for (const guard of ['off', 'wavelet', 'adain'] as const) {
  methods.push({ name: `dvar-${guard}`, run: async (lq) => (await engine.restore(lq, { fidelityGuard: guard, previewMaxSide: 0 })).image });
}
for (const size of values.peers!.split(',').filter(Boolean) as EsrganSize[]) {
  let peer: PeerUpscaler | undefined;
  methods.push({ name: `esrgan-${size}`, run: async (lq) => (peer ??= await loadEsrgan(size, threads)).upscale(lq) });
}

for (const degradation of ['realesrgan', 'bicubic']) {
  const folder = join(values.dir!, degradation);
  const inputs = readdirSync(folder).filter((f) => f.endsWith('-lq.png')).sort();
  for (const method of methods) {
    const started = performance.now();
    for (const file of inputs) {
      const lqPath = join(folder, file);
      const out = await method.run(await readPng(lqPath), lqPath);
      const target = join(folder, file.replace('-lq.png', `-${method.name}.png`));
      if (Buffer.isBuffer(out)) await sharp(out).toFile(target);
      else await writePng(target, out);
    }
    console.log(`${degradation}: ${method.name} on ${inputs.length} pairs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
await engine.close();
