// The int8 table: for each graph of each pack that has an int8 recipe (dvar.quantize.int8:
// dynamic MatMul for prefix/step, static QDQ for encoder/decoder/restorer), the pack with only that
// graph swapped to int8 against the float32 pack, in the same process on the app's runtime
// (onnxruntime-node, the engine's session options, the bench's threads):
//   time: the graph's calls during a float32 restore of a side² synthetic LQ, recorded and replayed on
//         the float32 and the int8 file in turn, best of `rounds` (wall and CPU time, graph-replay.ts);
//         its share of that restore and the restore's projected seconds per output MP with it in int8
//         (its time inside the restore scaled by the replay's CPU-time ratio);
//   quality: dev-set PSNR-Y change of the whole pipeline on real-degraded dev pairs (`dev_images
//         score`), how far the 8-bit output moves from float32's, and 1:1 crops (int8-<pack>.png, and
//         int8-<pack>-diff.png: |int8 − float32| × 8).
// The rule, judged in the report: a graph qualifies when PSNR-Y drops by at most 0.05 dB and there is
// no visible change at 1:1. Packs are linked into scratch folders, never written. Graphs a pack already
// ships in int8 (dvar.quantize.int8_pack) are not quantized again; the table names them.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { DvarEngine } from '../../electron/engine/index.ts';
import { REPO_ROOT, syntheticImage } from '../../test/helpers/fixtures.ts';
import { dumpDevSet, lqFiles, scoreDevSet, syntheticDevSet } from '../lib/dev-set.ts';
import { timedRestore } from '../lib/dvar-run.ts';
import { recordGraphFeeds } from '../lib/graph-feeds.ts';
import { replayMs } from '../lib/graph-replay.ts';
import { readPng, toRgb8, writePng } from '../lib/images.ts';
import { int8VariantPack } from '../lib/int8-variant-pack.ts';
import { readPackGraphs } from '../lib/pack-graphs.ts';
import { bestOf, outputMP } from '../lib/measure.ts';
import { runPython } from '../lib/subprocess.ts';
import { montage } from '../report/montage.ts';

export const MAX_DB_DROP = 0.05;

export interface Int8Options {
  /** Pack folders; a pack under models/packs/<name> keeps its int8 graphs in models/runs/int8/<name>. */
  packs: string[];
  threads: number;
  /** LQ side of the timed restore (96: one tile of the default pack). */
  side: number;
  repeat: number;
  rounds: number;
  /** The first `pairs` real-degraded pairs of this dev folder; null: synthetic stand-ins (smoke). */
  devDir: string | null;
  pairs: number;
  /** Calibrate on synthetic crops instead of the training photos (smoke runs). */
  syntheticCalibration: boolean;
}

export interface Int8Row {
  pack: string;
  graph: string;
  method: string;
  /** Calls of the graph in one restore of side². */
  calls: number;
  float32MB: number;
  int8MB: number;
  wallMsFloat32: number;
  wallMsInt8: number;
  cpuMsFloat32: number;
  cpuMsInt8: number;
  /** The graph's wall time inside the float32 restore below (all its calls). */
  restoreGraphMs: number;
  /**
   * The float32 restore of side² (best of `repeat`), and that restore projected with this graph in int8:
   * its time inside the restore scaled by the replay's CPU-time ratio (a loaded machine disturbs that
   * ratio least).
   */
  restoreSPerMPFloat32: number;
  restoreSPerMPInt8: number;
  psnrYFloat32: number;
  psnrYInt8: number;
  deltaPsnrY: number;
  maxLevels: number;
  p999Levels: number;
  /** The numeric half of the rule (PSNR-Y within MAX_DB_DROP); the 1:1 look is on the crops. */
  qualifies: boolean;
}

export interface Int8Result {
  threads: number;
  side: number;
  repeat: number;
  rounds: number;
  pairs: number;
  synthetic: boolean;
  rows: Int8Row[];
  /** 1:1 crop files per pack, in the output folder: the outputs, and |int8 − float32| × 8. */
  crops: Record<string, string>;
  /**
   * Per pack, the graphs it already ships in int8 (manifest `graphs.<name>.quantization`): not measured
   * again here, the pack holds no float32 copy (bench/pack-ab.ts compares the float32 and int8 packs).
   */
  shippedInt8?: Record<string, string[]>;
  diffs: Record<string, string>;
}

/** One graph of int8.json, the report `python -m dvar.quantize.int8` writes next to the int8 graphs. */
const int8GraphSchema = z.object({
  file: z.string(),
  /** The float32 graph it was made from (stale when the pack's differs). */
  float32Sha256: z.string().optional(),
  method: z.string(),
  bytes: z.number(),
  float32Bytes: z.number(),
});
type Int8Graph = z.infer<typeof int8GraphSchema>;
const int8ReportSchema = z.record(z.string(), int8GraphSchema);

function int8Report(dir: string): unknown {
  return JSON.parse(readFileSync(join(dir, 'int8.json'), 'utf8'));
}

type Measured = Omit<Int8Row, 'psnrYFloat32' | 'psnrYInt8' | 'deltaPsnrY' | 'qualifies'>;

/** Largest and 99.9th-percentile |a − b| over all 8-bit samples of every pair. */
export function levelDiffs(a: Buffer[], b: Buffer[]): { max: number; p999: number } {
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

/** The pack's 8-bit outputs on the dev pairs, also written for `dev_images score` as NNN-<label>.png. */
async function devOutputs(engine: DvarEngine, label: string, lqs: string[], scoreDir: string): Promise<Buffer[]> {
  const outputs: Buffer[] = [];
  for (const lq of lqs) {
    const out = (await engine.restore(await readPng(lq), { previewMaxSide: 0 })).image;
    outputs.push(toRgb8(out));
    await writePng(join(scoreDir, basename(lq).replace('-lq.png', `-${label}.png`)), out);
  }
  return outputs;
}

/**
 * |int8 − float32| × 8 per pair as NNN-<label>.png in `dir` (grey: the largest channel change), for the
 * look; outside the scored folder, which `dev_images score` would take them for outputs.
 */
export async function writeDiffs(a: Buffer[], b: Buffer[], lqs: string[], dir: string, label: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [i, lq] of lqs.entries()) {
    const [x, y] = [a[i]!, b[i]!];
    const side = Math.round(Math.sqrt(x.length / 3));
    const grey = Buffer.alloc(x.length);
    for (let p = 0; p < x.length; p += 3) {
      const d = Math.min(255, 8 * Math.max(Math.abs(x[p]! - y[p]!), Math.abs(x[p + 1]! - y[p + 1]!), Math.abs(x[p + 2]! - y[p + 2]!)));
      grey[p] = grey[p + 1] = grey[p + 2] = d;
    }
    // The montage places its crop from the HR image.
    const hq = basename(lq).replace('-lq.png', '-hq.png');
    if (!existsSync(join(dir, hq))) copyFileSync(join(dirname(lq), hq), join(dir, hq));
    await sharp(grey, { raw: { width: side, height: side, channels: 3 } })
      .png()
      .toFile(join(dir, basename(lq).replace('-lq.png', `-${label}.png`)));
  }
}

async function withEngine<T>(dir: string, threads: number, work: (engine: DvarEngine) => Promise<T>): Promise<T> {
  const engine = await DvarEngine.open(dir, { threads });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

/** The pack's int8 graphs (kept under models/runs/int8 for the shipped packs). */
async function int8Graphs(
  packDir: string,
  scratch: string,
  o: Int8Options,
  log: (m: string) => void,
): Promise<{ dir: string; graphs: Record<string, Int8Graph> }> {
  const shipped = resolve(packDir).startsWith(join(REPO_ROOT, 'models', 'packs'));
  const dir = shipped ? join(REPO_ROOT, 'models', 'runs', 'int8', basename(packDir)) : join(scratch, `int8-${basename(packDir)}`);
  // Quantized again when missing or made from other float32 graphs than the pack's (a retrained pack).
  const manifest = readPackGraphs(packDir);
  // A report this bench cannot read is made again too.
  const made = existsSync(join(dir, 'int8.json')) ? (int8ReportSchema.safeParse(int8Report(dir)).data ?? null) : null;
  if (!made || Object.entries(made).some(([g, x]) => x.float32Sha256 !== manifest.graphs[g]?.sha256)) {
    log(`int8: quantizing ${basename(packDir)}'s graphs (python -m dvar.quantize.int8 --out ${dir})`);
    await runPython('dvar.quantize.int8', ['--pack', resolve(packDir), '--out', dir, ...(o.syntheticCalibration ? ['--synthetic-crops'] : [])]);
  }
  return { dir, graphs: int8ReportSchema.parse(int8Report(dir)) };
}

async function measurePack(packDir: string, o: Int8Options, scratch: string, lqs: string[], scoreDir: string, log: (m: string) => void): Promise<Measured[]> {
  const name = basename(packDir);
  const { dir: int8Dir, graphs } = await int8Graphs(packDir, scratch, o, log);
  const manifest = readPackGraphs(packDir);
  const mp = outputMP(o.side, o.side);
  const input = syntheticImage(o.side, o.side, 11);
  const base = await withEngine(packDir, o.threads, async (engine) => {
    await engine.restore(input, { previewMaxSide: 0 }); // warm-up: first runs allocate
    const restore = await bestOf(o.repeat, () => timedRestore(engine, input));
    const feeds = await recordGraphFeeds(() => engine.restore(input, { previewMaxSide: 0 }));
    return { restoreMs: restore.ms, graphMs: restore.result.graphMs, feeds, outputs: await devOutputs(engine, `${name}-float32`, lqs, scoreDir) };
  });
  log(`int8 ${name} float32: restore ${base.restoreMs.toFixed(0)} ms at ${o.side}²`);
  const rows: Measured[] = [];
  for (const [graph, info] of Object.entries(graphs)) {
    const calls = base.feeds.get(graph) ?? [];
    const float32 = manifest.graphs[graph];
    if (!float32) throw new Error(`${packDir} has no graph "${graph}", which ${int8Dir}/int8.json has.`);
    const [t32, t8] = await replayMs([join(packDir, float32.file), join(int8Dir, info.file)], calls, o.threads, o.rounds);
    const variant = int8VariantPack(packDir, graph, join(int8Dir, info.file), join(scratch, `${name}-${graph}`));
    const outputs = await withEngine(variant, o.threads, (engine) => devOutputs(engine, `${name}-${graph}-int8`, lqs, scoreDir));
    const diff = levelDiffs(outputs, base.outputs);
    await writeDiffs(outputs, base.outputs, lqs, join(scratch, 'diffs'), `${name}-${graph}-diff`);
    log(
      `int8 ${name} ${graph}: ${calls.length} calls, wall ${t32!.wallMs.toFixed(1)} → ${t8!.wallMs.toFixed(1)} ms, CPU ${t32!.cpuMs.toFixed(1)} → ${t8!.cpuMs.toFixed(1)} ms; |Δ| max ${diff.max}, p99.9 ${diff.p999}`,
    );
    rows.push({
      pack: name,
      graph,
      method: info.method,
      calls: calls.length,
      float32MB: info.float32Bytes / 1e6,
      int8MB: info.bytes / 1e6,
      wallMsFloat32: t32!.wallMs,
      wallMsInt8: t8!.wallMs,
      cpuMsFloat32: t32!.cpuMs,
      cpuMsInt8: t8!.cpuMs,
      restoreGraphMs: base.graphMs[graph] ?? 0,
      restoreSPerMPFloat32: base.restoreMs / 1000 / mp,
      restoreSPerMPInt8: (base.restoreMs - (base.graphMs[graph] ?? 0) * (1 - t8!.cpuMs / t32!.cpuMs)) / 1000 / mp,
      maxLevels: diff.max,
      p999Levels: diff.p999,
    });
  }
  return rows;
}

/** The dev pairs to score: the first `pairs` real-degraded ones, copied with their HR into `scoreDir`. */
async function devPairs(o: Int8Options, scratch: string, scoreDir: string, log: (m: string) => void): Promise<string[]> {
  let devDir = o.devDir;
  if (!devDir) {
    devDir = join(scratch, 'synthetic');
    await syntheticDevSet(devDir, o.pairs, 64, 40);
  } else if (lqFiles(devDir, 'realesrgan').length === 0) {
    log(`int8: no dev pairs in ${devDir}: dev_images dump`);
    await dumpDevSet(devDir);
  }
  const stems = lqFiles(devDir, 'realesrgan').slice(0, o.pairs);
  for (const s of stems)
    for (const kind of ['lq', 'hq']) copyFileSync(join(devDir, 'realesrgan', s.replace('-lq', `-${kind}`)), join(scoreDir, s.replace('-lq', `-${kind}`)));
  return stems.map((s) => join(scoreDir, s));
}

export async function int8(o: Int8Options, outDir: string, log: (m: string) => void): Promise<Int8Result> {
  const scratch = mkdtempSync(join(tmpdir(), 'dvar-int8-'));
  const scoreDir = join(scratch, 'dev', 'realesrgan');
  mkdirSync(scoreDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  try {
    const lqs = await devPairs(o, scratch, scoreDir, log);
    const measured: Measured[] = [];
    const crops: Record<string, string> = {};
    const diffs: Record<string, string> = {};
    const shippedInt8: Record<string, string[]> = {};
    // The fast pack may be missing (or be the bench's pack itself): each pack once, where it exists.
    const packs = [...new Set(o.packs.map((p) => resolve(p)))].filter(
      (p) => existsSync(join(p, 'manifest.json')) || (log(`int8: no pack in ${p}, skipped`), false),
    );
    for (const pack of packs) {
      const rows = await measurePack(pack, o, scratch, lqs, scoreDir, log);
      measured.push(...rows);
      const name = basename(pack);
      const { graphs } = readPackGraphs(pack);
      shippedInt8[name] = Object.keys(graphs).filter((g) => graphs[g]!.quantization);
      // 1:1 crops (128 px of each output, not enlarged) of the first three pairs, for the look.
      const columns = [
        { label: 'HR', suffix: 'hq' },
        { label: `${name} float32`, suffix: `${name}-float32` },
        ...rows.map((r) => ({ label: `${r.graph} int8`, suffix: `${name}-${r.graph}-int8` })),
      ];
      crops[name] = `int8-${name}.png`;
      const stems = lqs.slice(0, 3).map((s) => basename(s).slice(0, 3));
      await montage(scoreDir, stems, columns, join(outDir, crops[name]), 128, 128);
      diffs[name] = `int8-${name}-diff.png`;
      await montage(
        join(scratch, 'diffs'),
        stems,
        rows.map((r) => ({ label: `${r.graph} |Δ|×8`, suffix: `${name}-${r.graph}-diff` })),
        join(outDir, diffs[name]),
        128,
        128,
      );
    }
    const scores = (await scoreDevSet(join(scratch, 'dev'))).realesrgan!;
    const rows = measured.map((m): Int8Row => {
      const psnrYFloat32 = scores[`${m.pack}-float32`]!.psnr_y;
      const psnrYInt8 = scores[`${m.pack}-${m.graph}-int8`]!.psnr_y;
      const deltaPsnrY = psnrYInt8 - psnrYFloat32;
      return { ...m, psnrYFloat32, psnrYInt8, deltaPsnrY, qualifies: deltaPsnrY >= -MAX_DB_DROP };
    });
    return { threads: o.threads, side: o.side, repeat: o.repeat, rounds: o.rounds, pairs: lqs.length, synthetic: !o.devDir, rows, crops, diffs, shippedInt8 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
