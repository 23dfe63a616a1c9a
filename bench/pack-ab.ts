// Two packs side by side in one process (a pack and its int8 build): the decision a shipped
// pack change needs, measured the same way for both.
//   speed:   restores of a side² synthetic LQ, the packs interleaved repetition by repetition so load
//            from other processes hits both alike; medians of wall and CPU time (all threads), per
//            output MP, and each graph's wall time;
//   quality: both dev lists (models/runs/dev-images, dev-images-2), real-degraded and clean inputs, scored
//            by `dev_images score` (PSNR-Y, SSIM-Y, PSNR-CbCr, sharpness, BRISQUE) in a scratch copy, so the bench's folders are not touched;
//            how far B's 8-bit outputs move from A's; 1:1 crops of both and |B − A| × 8 to look at.
//   npx tsx bench/pack-ab.ts --a DIR --b DIR [--b-detail D] [--side 256] [--reps 5] [--threads 2] [--out bench/results] [--name pack-ab]
// --b-detail restores B's dev pairs with that detail strength (the same pack twice: what a setting of
// the photographer's control costs and gives).
// writes <name>.md, and per dev list <name>-<list>.png, <name>-<list>-diff.png and <name>-<list>-worst.png, in --out.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DvarEngine } from '../electron/engine/index.ts';
import { REPO_ROOT, syntheticImage } from '../test/helpers/fixtures.ts';
import { DEV_LISTS } from './lib/dev-lists.ts';
import { DEGRADATIONS, lqFiles, scoreDevSet } from './lib/dev-set.ts';
import { timedRestore } from './lib/dvar-run.ts';
import { readPng, toRgb8, writePng } from './lib/images.ts';
import { outputMP } from './lib/measure.ts';
import { montage } from './report/montage.ts';
import { levelDiffs, writeDiffs } from './sections/int8.ts';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    'b-detail': { type: 'string' },
    side: { type: 'string', default: '256' },
    reps: { type: 'string', default: '5' },
    threads: { type: 'string', default: '2' },
    out: { type: 'string', default: join(REPO_ROOT, 'bench', 'results') },
    name: { type: 'string', default: 'pack-ab' },
  },
});
if (!values.a || !values.b) throw new Error('Give both packs: --a DIR --b DIR.');
const threads = Number(values.threads);
const [outDir, name] = [values.out, values.name];
mkdirSync(outDir, { recursive: true });
const side = Number(values.side);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const engines = { a: await DvarEngine.open(values.a, { threads }), b: await DvarEngine.open(values.b, { threads }) };
const bDetail = values['b-detail'] === undefined ? undefined : Number(values['b-detail']);
const label = (k: 'a' | 'b') => `${engines[k].manifest.name} ${engines[k].manifest.version}${k === 'b' && bDetail !== undefined ? `, detail ${bDetail}` : ''}`;
const lines: string[] = [];

/**
 * The 128 px (or smaller) crop around the sample B moves most from A, over all pairs: A, B and
 * |B − A| × 8 side by side at 1:1, so the look covers the worst place, not only the centre crops.
 */
async function worstCrop(a: Buffer[], b: Buffer[], file: string): Promise<string> {
  let worst = { pair: 0, at: 0, d: -1 };
  a.forEach((x, pair) => {
    for (let k = 0; k < x.length; k++) {
      const d = Math.abs(x[k]! - b[pair]![k]!);
      if (d > worst.d) worst = { pair, at: k, d };
    }
  });
  const side = Math.round(Math.sqrt(a[worst.pair]!.length / 3));
  const crop = Math.min(128, side);
  const [y, x] = [Math.floor(worst.at / 3 / side), Math.floor(worst.at / 3) % side];
  const region = { left: Math.min(Math.max(0, x - crop / 2), side - crop), top: Math.min(Math.max(0, y - crop / 2), side - crop), width: crop, height: crop };
  const diff = Buffer.from(a[worst.pair]!.map((v, k) => Math.min(255, 8 * Math.abs(v - b[worst.pair]![k]!))));
  const raw = { raw: { width: side, height: side, channels: 3 as const } };
  const tiles = await Promise.all([a[worst.pair]!, b[worst.pair]!, diff].map((buf) => sharp(buf, raw).extract(region).png().toBuffer()));
  await sharp({ create: { width: 3 * crop + 8, height: crop, channels: 3, background: '#fff' } })
    .composite(tiles.map((input, i) => ({ input, left: i * (crop + 4), top: 0 })))
    .png()
    .toFile(file);
  return `pair ${worst.pair}, ${worst.d} levels at (${x}, ${y})`;
}

const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

// Speed (--reps 0: quality only).
if (Number(values.reps) > 0) {
  const input = syntheticImage(side, side, 11);
  const runs = {
    a: [] as { wall: number; cpu: number; graphMs: Record<string, number> }[],
    b: [] as { wall: number; cpu: number; graphMs: Record<string, number> }[],
  };
  for (let rep = -1; rep < Number(values.reps); rep++) {
    for (const k of ['a', 'b'] as const) {
      const cpu = process.cpuUsage();
      const run = await timedRestore(engines[k], input);
      const used = process.cpuUsage(cpu);
      if (rep >= 0) runs[k].push({ wall: run.ms, cpu: (used.user + used.system) / 1000, graphMs: run.graphMs }); // rep −1 warms up
    }
  }
  const mp = outputMP(side, side);
  say(`## Speed: ${side}×${side} LQ → ${mp.toFixed(2)} MP, ${threads} threads, median of ${runs.a.length} interleaved runs`);
  say('');
  say('| pack | wall s/MP | CPU s/MP | ' + Object.keys(runs.a[0]!.graphMs).join(' ms | ') + ' ms |');
  say(
    '|---|---|---|' +
      Object.keys(runs.a[0]!.graphMs)
        .map(() => '---|')
        .join(''),
  );
  for (const k of ['a', 'b'] as const) {
    const graphs = Object.keys(runs.a[0]!.graphMs).map((g) => median(runs[k].map((r) => r.graphMs[g] ?? 0)).toFixed(0));
    say(
      `| ${label(k)} | ${(median(runs[k].map((r) => r.wall)) / 1000 / mp).toFixed(3)} | ${(median(runs[k].map((r) => r.cpu)) / 1000 / mp).toFixed(3)} | ${graphs.join(' | ')} |`,
    );
  }
  const ratio = (f: (r: { wall: number; cpu: number }) => number) => median(runs.a.map(f)) / median(runs.b.map(f));
  say(`\nB is ${ratio((r) => r.wall).toFixed(2)}× A's speed in wall time, ${ratio((r) => r.cpu).toFixed(2)}× in CPU time.`);
}

// Quality on both dev lists, in a scratch copy of the pairs.
const scratch = mkdtempSync(join(tmpdir(), 'dvar-pack-ab-'));
const worst: Record<string, string> = {};
try {
  say("\n## Quality: dev-set PSNR-Y / SSIM-Y (dev_images score), B − A, and how far B's 8-bit outputs move from A's");
  say('');
  say(
    '| dev list | inputs | pairs | A PSNR-Y / SSIM-Y | B PSNR-Y / SSIM-Y | Δ PSNR-Y (dB) | Δ SSIM-Y | PSNR-CbCr A → B (dB) | sharpness A → B | BRISQUE A → B | \\|Δ\\| levels max / p99.9 |',
  );
  say('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const list of DEV_LISTS) {
    const source = join(REPO_ROOT, 'models', 'runs', list.folder);
    const dir = join(scratch, list.folder);
    const drift: Record<string, { max: number; p999: number }> = {};
    for (const degradation of DEGRADATIONS) {
      const lqs = lqFiles(source, degradation);
      if (!lqs.length) throw new Error(`No dev pairs in ${join(source, degradation)}: run \`python -m dvar.train.dev_images dump --list ${list.id}\` first.`);
      const folder = join(dir, degradation);
      mkdirSync(folder, { recursive: true });
      const outputs = { a: [] as Buffer[], b: [] as Buffer[] };
      for (const lq of lqs) {
        for (const kind of ['lq', 'hq']) copyFileSync(join(source, degradation, lq.replace('-lq', `-${kind}`)), join(folder, lq.replace('-lq', `-${kind}`)));
        const image = await readPng(join(folder, lq));
        for (const k of ['a', 'b'] as const) {
          const out = (await engines[k].restore(image, { previewMaxSide: 0, ...(k === 'b' && bDetail !== undefined ? { detail: bDetail } : {}) })).image;
          outputs[k].push(toRgb8(out));
          await writePng(join(folder, lq.replace('-lq.png', `-pack-${k}.png`)), out);
        }
      }
      drift[degradation] = levelDiffs(outputs.b, outputs.a);
      if (degradation === 'realesrgan') {
        // 1:1 crops (128 px, not enlarged) of the first three real-degraded pairs of each list.
        const stems = lqs.slice(0, 3).map((f) => f.slice(0, 3));
        const diffs = join(scratch, `diffs-${list.id}`);
        await writeDiffs(
          outputs.b,
          outputs.a,
          lqs.slice(0, 3).map((f) => join(folder, f)),
          diffs,
          'b-minus-a',
        );
        await montage(
          folder,
          stems,
          [
            { label: 'HR', suffix: 'hq' },
            { label: `A ${label('a')}`, suffix: 'pack-a' },
            { label: bDetail === undefined ? `B ${label('b')}` : `B detail ${bDetail}`, suffix: 'pack-b' },
          ],
          join(outDir, `${name}-${list.id}.png`),
          128,
          128,
        );
        await montage(diffs, stems, [{ label: '|B − A| × 8', suffix: 'b-minus-a' }], join(outDir, `${name}-${list.id}-diff.png`), 128, 128);
        worst[list.id] = await worstCrop(outputs.a, outputs.b, join(outDir, `${name}-${list.id}-worst.png`));
      }
    }
    const scores = await scoreDevSet(dir);
    for (const degradation of DEGRADATIONS) {
      const [sa, sb] = [scores[degradation]!['pack-a']!, scores[degradation]!['pack-b']!];
      const signed = (v: number, d: number) => (v >= 0 ? '+' : '') + v.toFixed(d);
      const colour = (s: { psnr_cbcr?: number }) => s.psnr_cbcr?.toFixed(2) ?? '–';
      say(
        `| ${list.id} | ${degradation} | ${sa.pairs} | ${sa.psnr_y.toFixed(3)} / ${sa.ssim_y.toFixed(4)} | ${sb.psnr_y.toFixed(3)} / ${sb.ssim_y.toFixed(4)} | ${signed(sb.psnr_y - sa.psnr_y, 3)} | ${signed(sb.ssim_y - sa.ssim_y, 4)} | ${colour(sa)} → ${colour(sb)} | ${sa.sharpness.toFixed(3)} → ${sb.sharpness.toFixed(3)} | ${sa.brisque.toFixed(1)} → ${sb.brisque.toFixed(1)} | ${drift[degradation]!.max} / ${drift[degradation]!.p999} |`,
      );
    }
  }
  say(
    `\nLargest change, cropped around it (A | B | |B − A| × 8): ${Object.entries(worst)
      .map(([id, w]) => `${id} ${w} (${name}-${id}-worst.png)`)
      .join('; ')}.`,
  );
  say(`\nA: ${values.a}, B: ${values.b}. 1:1 crops per dev list: ${name}-<list>.png, |B − A| × 8: ${name}-<list>-diff.png (in ${outDir}).`);
  writeFileSync(
    join(outDir, `${name}.md`),
    `# ${basename(values.a)} (A) against ${basename(values.b)} (B)\n\n${lines.join('\n')}\n\nGenerated by \`npx tsx bench/pack-ab.ts\`, ${new Date().toISOString().slice(0, 10)}.\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await engines.a.close();
  await engines.b.close();
}
