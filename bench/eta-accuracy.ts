// How right the time-left estimate is during one photo. Restores a synthetic photo twice with a pack
// (the first run is what the app's speed memory would have remembered; the second is measured, with
// sessions warm as for every photo after a batch's first) and, at points of its progress, prints the
// time really left beside what each estimate said:
//   job clock     extrapolates time since the job started (pack opening included; what the queue used at first)
//   engine clock  extrapolates ScaleEvent.elapsedMs (electron/jobs/time-left.ts without a remembered speed)
//   remembered    the same, starting from the first run's time (time-left.ts with a remembered speed)
// Prints figures; asserts nothing.
// Usage: node --import tsx bench/eta-accuracy.ts [packDir] [width] [height] [threads]
import { DvarEngine, DEFAULT_PACK_DIR } from '../electron/engine/index.ts';
import { photoTimeLeftMs } from '../electron/jobs/time-left.ts';

const [packDir = DEFAULT_PACK_DIR, width = '192', height = '144', threads = '2'] = process.argv.slice(2);
const w = Number(width);
const h = Number(height);
const data = new Float32Array(3 * w * h);
for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 1000) / 1000; // planar noise in [0, 1)
const image = { width: w, height: h, channels: 3 as const, data };
const sampling = { strategy: 'greedy' as const, temperature: 1, topK: 0, topP: 1, seed: 0 };

interface Sample {
  wall: number;
  elapsed: number;
  progress: number;
  where: string;
}

const jobStart = performance.now();
const engine = await DvarEngine.open(packDir, { threads: Number(threads) });
const openedMs = performance.now() - jobStart;
const firstStart = performance.now();
await engine.restore(image, { sampling });
const firstMs = performance.now() - firstStart;
const samples: Sample[] = [];
const secondStart = performance.now();
await engine.restore(
  image,
  { sampling },
  {
    onScale: (e) =>
      samples.push({
        wall: performance.now() - secondStart,
        elapsed: e.elapsedMs,
        progress: e.progress,
        where: `tile ${e.tileIndex + 1}/${e.tileCount}, scale ${e.scale}/${e.scales}`,
      }),
  },
);
const secondMs = performance.now() - secondStart;
await engine.close();

console.log(
  `pack ${packDir}, ${w}×${h}, ${threads} threads: opening ${(openedMs / 1000).toFixed(2)} s, first run ${(firstMs / 1000).toFixed(2)} s, measured run ${(secondMs / 1000).toFixed(2)} s, ${samples.length} events`,
);
console.log('progress  actual-left    job-clock ratio  engine-clock ratio    remembered ratio');
const fmt = (ms: number | null, actual: number) =>
  ms === null ? '        --    --' : `${(ms / 1000).toFixed(2).padStart(8)} s ${(ms / actual).toFixed(2).padStart(5)}`;
for (const target of [0.1, 0.25, 0.5, 0.75, 0.9]) {
  const s = samples.find((x) => x.progress >= target);
  if (!s) continue;
  const actual = secondMs - s.wall;
  // The job clock counted the pack opening too (the first photo of a session pays it).
  const job = photoTimeLeftMs(s.wall + openedMs, s.progress);
  console.log(
    `${s.progress.toFixed(2).padStart(8)}  ${(actual / 1000).toFixed(2).padStart(9)} s  ${fmt(job, actual)}  ${fmt(photoTimeLeftMs(s.elapsed, s.progress), actual)}  ${fmt(photoTimeLeftMs(s.elapsed, s.progress, firstMs), actual)}   (${s.where})`,
  );
}
