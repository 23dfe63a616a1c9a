// The int8 table (issue 11): for each graph of the default and fast packs that has an int8 recipe
// (dvar.quantize.int8: dynamic MatMul for prefix/step, static QDQ for encoder/decoder/restorer), the
// pack with only that graph swapped to int8 against the float32 pack, in the same process on the same
// runtime as the app (onnxruntime-node, the engine's session options, `--threads`):
//   time: that graph's ms per restore of a side² synthetic LQ (one tile at the default 96), and the whole
//         restore's seconds per output MP, best of `--repeat`;
//   quality: dev-set PSNR-Y change of the whole pipeline on the first `--pairs` real-degraded pairs of dev
//         list 1 (`dev_images score`), and how far its 8-bit output moves from float32's (largest and
//         99.9th-percentile |Δ| in levels), the numeric side of "no visible change at 1:1".
// Rule: a graph qualifies for int8 when PSNR-Y drops by at most 0.05 dB and its outputs pass a 1:1 look
// (p99.9 |Δ| ≤ 4 levels is the numeric bar here; the 1:1 crops decide). The shipped packs are not changed; the lead decides.
//   npx tsx bench/int8.ts [--packs default,fast] [--pairs 6] [--threads 2] [--side 96] [--repeat 3] [--out bench/results]
// Writes int8.md, int8.json and int8-<pack>.png (1:1 crops: float32 and each int8 swap, for the look).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DvarEngine } from '../electron/engine/index.ts';
import { REPO_ROOT, syntheticImage } from '../test/helpers/fixtures.ts';
import { dumpDevSet, lqFiles, scoreDevSet } from './lib/dev-set.ts';
import { timedRestore } from './lib/dvar-run.ts';
import { readPng, toRgb8, writePng } from './lib/images.ts';
import { int8VariantPack } from './lib/int8-variant-pack.ts';
import { montage } from './report/montage.ts';
import { bestOf, outputMP } from './lib/measure.ts';
import { runPython } from './lib/subprocess.ts';

const { values } = parseArgs({
  options: {
    packs: { type: 'string', default: 'default,fast' },
    pairs: { type: 'string', default: '6' },
    threads: { type: 'string', default: '2' },
    side: { type: 'string', default: '96' },
    repeat: { type: 'string', default: '3' },
    out: { type: 'string', default: join(REPO_ROOT, 'bench', 'results') },
  },
});
const threads = Number(values.threads);
const side = Number(values.side);
const repeat = Number(values.repeat);
const pairs = Number(values.pairs);
const MAX_DB_DROP = 0.05;
// A proxy for "no visible change at 1:1" chosen here, not a standard: the crops decide.
const MAX_P999_LEVELS = 4;
const log = (m: string) => console.error(`[int8] ${m}`);

interface Int8Graph {
  file: string;
  method: string;
  bytes: number;
  float32Bytes: number;
}

interface Row {
  pack: string;
  graph: string;
  method: string;
  float32MB: number;
  int8MB: number;
  graphMsFloat32: number;
  graphMsInt8: number;
  restoreSPerMPFloat32: number;
  restoreSPerMPInt8: number;
  psnrYFloat32: number;
  psnrYInt8: number;
  deltaPsnrY: number;
  maxLevels: number;
  p999Levels: number;
  qualifies: boolean;
}

/** Largest and 99.9th-percentile |a − b| over all 8-bit samples of every pair. */
function levelDiffs(a: Buffer[], b: Buffer[]): { max: number; p999: number } {
  const histogram = new Array<number>(256).fill(0);
  let total = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    for (let k = 0; k < x.length; k++) histogram[Math.abs(x[k]! - y[k]!)]!++;
    total += x.length;
  });
  let max = 255;
  while (max > 0 && histogram[max] === 0) max--;
  let seen = 0;
  const p999 = histogram.findIndex((n) => (seen += n) >= 0.999 * total);
  return { max, p999 };
}

interface VariantRun {
  graphMs: Record<string, number>;
  restoreMs: number;
  outputs: Buffer[];
}

async function runVariant(dir: string, label: string, lqs: string[], scoreDir: string): Promise<VariantRun> {
  const engine = await DvarEngine.open(dir, { threads });
  try {
    const input = syntheticImage(side, side, 11);
    await engine.restore(input, { previewMaxSide: 0 }); // warm-up: first runs allocate, every variant alike
    const best = await bestOf(repeat, () => timedRestore(engine, input));
    const outputs: Buffer[] = [];
    for (const lq of lqs) {
      const out = (await engine.restore(await readPng(lq), { previewMaxSide: 0 })).image;
      outputs.push(toRgb8(out));
      await writePng(join(scoreDir, lq.split('/').at(-1)!.replace('-lq.png', `-${label}.png`)), out);
    }
    log(`${label}: restore ${best.ms.toFixed(0)} ms at ${side}², ${lqs.length} dev pairs written`);
    return { graphMs: best.result.graphMs, restoreMs: best.ms, outputs };
  } finally {
    await engine.close();
  }
}

async function measurePack(name: string, scratch: string, lqs: string[], scoreDir: string): Promise<Omit<Row, 'psnrYFloat32' | 'psnrYInt8' | 'deltaPsnrY' | 'qualifies'>[]> {
  const packDir = join(REPO_ROOT, 'models', 'packs', name);
  const int8Dir = join(REPO_ROOT, 'models', 'runs', 'int8', name);
  if (!existsSync(join(int8Dir, 'int8.json'))) {
    log(`${name}: quantizing its graphs (python -m dvar.quantize.int8 --pack ${packDir} --out ${int8Dir})`);
    await runPython('dvar.quantize.int8', ['--pack', packDir, '--out', int8Dir]);
  }
  const graphs = JSON.parse(readFileSync(join(int8Dir, 'int8.json'), 'utf8')) as Record<string, Int8Graph>;
  const mp = outputMP(side, side);
  const base = await runVariant(packDir, `${name}-float32`, lqs, scoreDir);
  const rows = [];
  for (const [graph, info] of Object.entries(graphs)) {
    const dir = int8VariantPack(packDir, graph, join(int8Dir, info.file), join(scratch, `${name}-${graph}`));
    const run = await runVariant(dir, `${name}-${graph}-int8`, lqs, scoreDir);
    const diff = levelDiffs(run.outputs, base.outputs);
    rows.push({
      pack: name, graph, method: info.method,
      float32MB: info.float32Bytes / 1e6, int8MB: info.bytes / 1e6,
      graphMsFloat32: base.graphMs[graph] ?? 0, graphMsInt8: run.graphMs[graph] ?? 0,
      restoreSPerMPFloat32: base.restoreMs / 1000 / mp, restoreSPerMPInt8: run.restoreMs / 1000 / mp,
      maxLevels: diff.max, p999Levels: diff.p999,
    });
  }
  return rows;
}

const f = (v: number, d = 2) => v.toFixed(d);

function markdown(rows: Row[], lqCount: number): string {
  const head = ['pack', 'graph (int8 only there)', 'graph ms fp32 → int8', 'graph speed-up', 'restore s/MP fp32 → int8', 'PSNR-Y Δ (dB)', '|Δ| levels max / p99.9', 'MB fp32 → int8', 'qualifies'];
  const body = rows.map((r) => [r.pack, r.graph, `${f(r.graphMsFloat32, 1)} → ${f(r.graphMsInt8, 1)}`, `${f(r.graphMsFloat32 / r.graphMsInt8)}×`,
    `${f(r.restoreSPerMPFloat32)} → ${f(r.restoreSPerMPInt8)}`, `${r.deltaPsnrY >= 0 ? '+' : ''}${f(r.deltaPsnrY, 3)}`, `${r.maxLevels} / ${r.p999Levels}`,
    `${f(r.float32MB, 1)} → ${f(r.int8MB, 1)}`, r.qualifies ? '**yes**' : 'no']);
  const methods = [...new Map(rows.map((r) => [r.graph, r.method])).entries()].map(([g, m]) => `- ${g}: ${m}`);
  const verdicts = [...new Set(rows.map((r) => r.pack))].map((pack) => {
    const ok = rows.filter((r) => r.pack === pack && r.qualifies);
    const all = rows.find((r) => r.pack === pack)!;
    const saved = ok.reduce((s, r) => s + (r.graphMsFloat32 - r.graphMsInt8), 0);
    const restoreMs = (all.restoreSPerMPFloat32 * outputMP(side, side)) * 1000;
    return ok.length
      ? `- ${pack}: ${ok.map((r) => r.graph).join(', ')} pass the numbers; together they would save about ${f(saved, 0)} of ${f(restoreMs, 0)} ms per ${side}² restore (${f(100 * saved / restoreMs, 0)} %). 1:1 crops: int8-${pack}.png.`
      : `- ${pack}: no graph passes the numbers (1:1 crops: int8-${pack}.png).`;
  });
  return [
    '# int8 per graph',
    '',
    `Generated by \`npx tsx bench/int8.ts\` (${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'CPU'}, onnxruntime-node, ${threads} threads, the engine's session options). `
    + `Each row is the pack with only that graph swapped to int8, against the float32 pack, in the same run. Time: that graph's ms per restore of a ${side}×${side} synthetic LQ `
    + `(${outputMP(side, side).toFixed(3)} MP output), best of ${repeat}, and the whole restore's seconds per output MP. Quality: the whole pipeline on the first ${lqCount} real-degraded pairs `
    + `of dev list 1 (PSNR-Y against HR by \`dev_images score\`; Δ = int8 − float32), and how far the 8-bit output moves from float32's.`,
    '',
    `Rule: ship int8 for a graph only where dev-set PSNR-Y is within ${MAX_DB_DROP} dB of float32 and there is no visible change at 1:1; here "qualifies" means `
    + `PSNR-Y drops by at most ${MAX_DB_DROP} dB and 99.9 % of output samples move by at most ${MAX_P999_LEVELS} levels; the 1:1 look is on the crops in int8-<pack>.png. `
    + 'The shipped packs are unchanged: this table informs that decision.',
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
    '',
    'Recipes (`python -m dvar.quantize.int8`, calibration on real-degraded training-photo crops, never the dev photos):',
    ...methods,
    '',
    'The transformer graphs grow on disk: their float32 weights live in the shared transformer-weights.bin, the int8 copies hold theirs inline.',
    '',
    'Verdict:',
    ...verdicts,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const devDir = join(REPO_ROOT, 'models', 'runs', 'dev-images');
  if (lqFiles(devDir, 'realesrgan').length === 0) {
    log(`no dev pairs in ${devDir}: dev_images dump`);
    await dumpDevSet(devDir);
  }
  const stems = lqFiles(devDir, 'realesrgan').slice(0, pairs);
  const scratch = mkdtempSync(join(tmpdir(), 'dvar-int8-'));
  const scoreDir = join(scratch, 'dev', 'realesrgan');
  mkdirSync(scoreDir, { recursive: true });
  try {
    for (const s of stems) for (const kind of ['lq', 'hq']) copyFileSync(join(devDir, 'realesrgan', s.replace('-lq', `-${kind}`)), join(scoreDir, s.replace('-lq', `-${kind}`)));
    const lqs = stems.map((s) => join(scoreDir, s));
    const measured = [];
    mkdirSync(values.out!, { recursive: true });
    for (const pack of values.packs!.split(',').filter(Boolean)) {
      const rows = await measurePack(pack, scratch, lqs, scoreDir);
      measured.push(...rows);
      // 1:1 crops (128 px of the 256 px outputs, not enlarged) of the first three pairs, for the look.
      const columns = [{ label: 'HR', suffix: 'hq' }, { label: `${pack} float32`, suffix: `${pack}-float32` }, ...rows.map((r) => ({ label: `${r.graph} int8`, suffix: `${pack}-${r.graph}-int8` }))];
      await montage(scoreDir, stems.slice(0, 3).map((s) => s.slice(0, 3)), columns, join(values.out!, `int8-${pack}.png`), 128, 128);
    }
    const scores = (await scoreDevSet(join(scratch, 'dev'))).realesrgan!;
    const rows: Row[] = measured.map((m) => {
      const psnrYFloat32 = scores[`${m.pack}-float32`]!.psnr_y;
      const psnrYInt8 = scores[`${m.pack}-${m.graph}-int8`]!.psnr_y;
      const deltaPsnrY = psnrYInt8 - psnrYFloat32;
      return { ...m, psnrYFloat32, psnrYInt8, deltaPsnrY, qualifies: deltaPsnrY >= -MAX_DB_DROP && m.p999Levels <= MAX_P999_LEVELS };
    });
    writeFileSync(join(values.out!, 'int8.json'), JSON.stringify({ threads, side, repeat, pairs: stems.length, rows }, null, 2) + '\n');
    writeFileSync(join(values.out!, 'int8.md'), markdown(rows, stems.length));
    log(`wrote ${join(values.out!, 'int8.md')}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
