// Speed per output megapixel of a DVAR pack against peers measured in the same process, on the same
// input: sharp lanczos3 and the UpscalerJS ESRGAN models (TensorFlow.js WASM).
//
//   npx tsx bench/speed-vs-peers.ts [--pack DIR] [--side 256] [--threads 2] [--peers slim,medium]
//
// Prints a markdown table and writes bench/results/speed-vs-peers.json. Benchmarks measure; they do
// not pass or fail.
import { writeFileSync, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DEFAULT_PACK_DIR, DvarEngine, type FloatImage } from '../electron/engine/index.ts';
import { loadEsrgan, type EsrganSize } from './peers/upscalerjs.ts';
import { syntheticImage } from '../test/helpers/fixtures.ts';

const { values } = parseArgs({
  options: {
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    side: { type: 'string', default: '256' },
    threads: { type: 'string', default: '2' },
    peers: { type: 'string', default: 'medium' },
    repeat: { type: 'string', default: '2' },
  },
});
const side = Number(values.side);
const threads = Number(values.threads);
const repeat = Number(values.repeat);
const input = syntheticImage(side, side, 11);
const outputMP = (side * 4) ** 2 / 1e6;

async function best(run: () => Promise<unknown>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - t);
  }
  return fastest / 1000;
}

async function lanczos(image: FloatImage): Promise<void> {
  const n = image.width * image.height;
  const rgb = Buffer.alloc(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(image.data[c * n + i]! * 255);
  await sharp(rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(image.width * 4, image.height * 4, { kernel: 'lanczos3' })
    .raw()
    .toBuffer();
}

const rows: Array<{ method: string; seconds: number; perMP: number }> = [];
sharp.concurrency(threads);
rows.push({ method: 'sharp lanczos3', seconds: await best(() => lanczos(input)), perMP: 0 });
for (const size of values.peers!.split(',').filter(Boolean) as EsrganSize[]) {
  const peer = await loadEsrgan(size, threads);
  rows.push({ method: `UpscalerJS ${peer.name} (tfjs wasm)`, seconds: await best(() => peer.upscale(input)), perMP: 0 });
}
const engine = await DvarEngine.open(values.pack!, { threads });
const timings: Record<string, number>[] = [];
rows.push({
  method: `DVAR pack "${engine.packName}" (${engine.provider.name})`,
  seconds: await best(async () => timings.push((await engine.restore(input, { previewMaxSide: 0 })).timings)),
  perMP: 0,
});
await engine.close();
for (const r of rows) r.perMP = r.seconds / outputMP;

const reference = rows.find((r) => r.method.includes('esrgan-medium'));
console.log(`\n${side}×${side} → ${side * 4}×${side * 4} (${outputMP.toFixed(2)} MP output), ${threads} threads, best of ${repeat}\n`);
console.log('| method | seconds | s per output MP | vs esrgan-medium |\n|---|---|---|---|');
for (const r of rows) {
  const ratio = reference ? (r.seconds / reference.seconds).toFixed(2) + '×' : '–';
  console.log(`| ${r.method} | ${r.seconds.toFixed(2)} | ${r.perMP.toFixed(2)} | ${ratio} |`);
}
const stages = timings.at(-1)!;
console.log('\nDVAR stage breakdown (ms, last run):', Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v)])));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/speed-vs-peers.json', JSON.stringify({ date: new Date().toISOString(), side, threads, outputMP, rows, stages }, null, 2) + '\n');
