// Does DVAR earn its place? The whole pipeline against the strongest simple baselines built from its own
// parts, on all three dev lists (list 3 held out: no choice is ever made on it), in one process with the
// same threads (bench/lib/fair-methods.ts says which methods and why):
//   quality: every method's outputs on real-degraded and clean pairs, scored by `dev_images score`; the
//            guard depth of (b) and (c) chosen best by PSNR-Y on lists 1–2; the detail sweeps give the
//            perception–distortion curves (one plot per list); targets judge DVAR against (b);
//   speed:   the whole pipeline against the restorer alone per output MP at 0.25 / 1 / 4 MP, the two
//            interleaved repetition by repetition, with DVAR's stage times.
//   npx tsx bench/fair-peers.ts [--pack DIR] [--lists dev,dev2,dev3] [--sides 125,250,500] [--reps 2] [--threads 2] [--out bench/results] [--name fair-peers] [--no-speed] [--no-quality]
// The pairs are copied to models/runs/fair-peers/<name>/ and the outputs written there, so runs of
// different packs (--name) can go side by side.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PACK_DIR, DvarEngine } from '../electron/engine/index.ts';
import { REPO_ROOT, syntheticImage } from '../test/helpers/fixtures.ts';
import { copyDevPairs, removeOtherOutputs, scoreDevSet, writeMethodOutputs, type Scores } from './lib/dev-set.ts';
import { DEV_LISTS, type DevListId } from './lib/dev-lists.ts';
import { fairMethods, GUARD_DEPTHS, restorerGuard } from './lib/fair-methods.ts';
import { outputMP } from './lib/measure.ts';
import { loadX4plus } from './peers/realesrgan-x4plus.ts';
import { fairPeersMarkdown, pdCharts, type FairPeersReport, type SpeedRow } from './report/fair-peers-report.ts';

const { values } = parseArgs({
  options: {
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    lists: { type: 'string', default: 'dev,dev2,dev3' },
    sides: { type: 'string', default: '125,250,500' },
    reps: { type: 'string', default: '2' },
    threads: { type: 'string', default: '2' },
    out: { type: 'string', default: join(REPO_ROOT, 'bench', 'results') },
    name: { type: 'string', default: 'fair-peers' },
    'no-speed': { type: 'boolean', default: false },
    'no-quality': { type: 'boolean', default: false },
  },
});
const threads = Number(values.threads);
const outDir = values.out;
mkdirSync(outDir, { recursive: true });
const log = (m: string) => console.log(m);
const engine = await DvarEngine.open(values.pack, { threads });
const x4plus = await loadX4plus(threads, log).catch((e: Error) => (log(`x4plus unavailable, so no (c): ${e.message}`), null));
const lists = values['no-quality'] ? [] : (values.lists.split(',') as DevListId[]);
const pairsOf = (id: DevListId) => join(REPO_ROOT, 'models', 'runs', DEV_LISTS.find((l) => l.id === id)!.folder);
const dirOf = (id: DevListId) => join(REPO_ROOT, 'models', 'runs', 'fair-peers', values.name, DEV_LISTS.find((l) => l.id === id)!.folder);
for (const id of lists) await copyDevPairs(pairsOf(id), id, dirOf(id));

// (b)'s guard depth: the best mean PSNR-Y over lists 1–2, both degradations (never list 3).
const depthScores: Record<number, number[]> = {};
for (const id of lists.filter((l) => l !== 'dev3')) {
  const methods = GUARD_DEPTHS.map((l) => restorerGuard(engine, l));
  removeOtherOutputs(
    dirOf(id),
    methods.map((m) => m.name),
    log,
  );
  await writeMethodOutputs(dirOf(id), methods, log);
  const scores = await scoreDevSet(dirOf(id));
  for (const l of GUARD_DEPTHS) for (const deg of Object.keys(scores)) (depthScores[l] ??= []).push(scores[deg]![`restorer-guard${l}`]!.psnr_y);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const depth =
  lists.length === 0
    ? 0
    : GUARD_DEPTHS.reduce((best, l) => (mean(depthScores[l] ?? [-Infinity]) > mean(depthScores[best] ?? [-Infinity]) ? l : best), GUARD_DEPTHS[0]);
log(
  `guard depth for (b) and (c), chosen on lists 1–2: ${depth} levels (${GUARD_DEPTHS.map((l) => `${l}: ${mean(depthScores[l] ?? [NaN]).toFixed(3)}`).join(', ')})`,
);

const quality: Partial<Record<DevListId, Scores>> = {};
const methods = fairMethods(engine, x4plus, depth);
for (const id of lists) {
  removeOtherOutputs(
    dirOf(id),
    methods.map((m) => m.name),
    log,
  );
  await writeMethodOutputs(dirOf(id), methods, (m) => log(`${id}: ${m}`));
  quality[id] = await scoreDevSet(dirOf(id));
}

// Speed: the restorer alone and the whole pipeline on the same synthetic LQ, interleaved.
const speed: SpeedRow[] = [];
if (!values['no-speed']) {
  for (const side of values.sides.split(',').map(Number)) {
    const lq = syntheticImage(side, side, 7);
    const times = { dvar: [] as number[], restorer: [] as number[] };
    let stages: Record<string, number> = {};
    for (let r = 0; r < Number(values.reps); r++) {
      for (const which of ['restorer', 'dvar'] as const) {
        const t = performance.now();
        const result = await engine.restore(lq, { previewMaxSide: 0, ...(which === 'restorer' ? { stages: 'restorer' as const } : {}) });
        times[which].push(performance.now() - t);
        if (which === 'dvar') stages = result.timings;
      }
    }
    const mp = outputMP(side, side, engine.manifest.upscale);
    const best = (xs: number[]) => Math.min(...xs) / 1000;
    speed.push({ side, outputMP: mp, restorerSPerMP: best(times.restorer) / mp, dvarSPerMP: best(times.dvar) / mp, dvarStagesMs: stages });
    log(`speed ${mp.toFixed(2)} MP: restorer ${(best(times.restorer) / mp).toFixed(2)} s/MP, dvar ${(best(times.dvar) / mp).toFixed(2)} s/MP`);
  }
}
await x4plus?.close?.();
await engine.close();

const report: FairPeersReport = {
  date: new Date().toISOString(),
  pack: `${engine.manifest.name} ${engine.manifest.version}`,
  threads,
  guardDepth: depth,
  depthPsnr: Object.fromEntries(GUARD_DEPTHS.map((l) => [l, mean(depthScores[l] ?? [NaN])])),
  quality,
  speed,
};
writeFileSync(join(outDir, `${values.name}.json`), JSON.stringify(report, null, 1) + '\n');
const charts = await pdCharts(report, outDir, values.name);
writeFileSync(join(outDir, `${values.name}.md`), fairPeersMarkdown(report, charts));
log(`wrote ${join(outDir, `${values.name}.md`)}`);
