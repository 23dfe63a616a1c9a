// The per-photo automatic look ("Auto", electron/jobs/auto-look.ts) on the dev lists: every look
// restores every dev pair with the pack, each pair is scored against its original, and the rule's
// choice is compared with the look a full-reference metric ranks first (SSIM-Y; PSNR-Y beside it). No
// person labelled these photos: agreement here is with a metric, not with a photographer. The rule's
// thresholds are fitted on lists 1–2 only; list 3 is held out and only reported.
//   npx tsx bench/auto-look.ts [--pack DIR] [--threads 2] [--reuse] [--out bench/results]
// (--reuse: the outputs and scores of the last run, for a new assessment or rule; seconds instead of minutes)
// Outputs go to models/runs/auto-look/<list>/; the report to <out>/auto-look.md and .json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PACK_DIR, DvarEngine } from '../electron/engine/index.ts';
import { AUTO_LOOK_RULE, chooseLook, LOOKS, type AutoLookRule, type LookName } from '../electron/jobs/auto-look.ts';
import { assessPhoto } from '../electron/jobs/photo-assessment.ts';
import { REPO_ROOT } from '../test/helpers/fixtures.ts';
import { copyDevPairs, DEGRADATIONS, writeMethodOutputs } from './lib/dev-set.ts';
import { DEV_LISTS, type DevListId } from './lib/dev-lists.ts';
import { engineMethod } from './lib/fair-methods.ts';
import { readPng } from './lib/images.ts';
import { fitAboveFixedLooks, fitRule, marginAboveFixedLooks, judge, referenceLook, type LookPair, type Reference } from './lib/look-calibration.ts';
import { runPython } from './lib/subprocess.ts';

const { values } = parseArgs({
  options: {
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    threads: { type: 'string', default: '2' },
    // Use the outputs and scores already in models/runs/auto-look (the assessment and the rules are new).
    reuse: { type: 'boolean', default: false },
    out: { type: 'string', default: join(REPO_ROOT, 'bench', 'results') },
  },
});

const methodOf = (name: LookName) => `look-${name.toLowerCase()}`;
const LISTS: DevListId[] = ['dev', 'dev2', 'dev3'];
const FIT_ON = new Set<DevListId>(['dev', 'dev2']);

const engine = await DvarEngine.open(values.pack, { threads: Number(values.threads) });
const packName = `${engine.manifest.name} ${engine.manifest.version}`;
const pairs: LookPair[] = [];
for (const id of LISTS) {
  const list = DEV_LISTS.find((l) => l.id === id)!;
  const dir = join(REPO_ROOT, 'models', 'runs', 'auto-look', list.folder);
  if (!values.reuse) {
    await copyDevPairs(join(REPO_ROOT, 'models', 'runs', list.folder), id, dir);
    const methods = LOOKS.map((l) => engineMethod(engine, methodOf(l.name), { detail: l.detail, denoise: l.denoise }));
    await writeMethodOutputs(dir, methods, (m) => console.log(`${id}: ${m}`));
  }
  const pairsFile = join(dir, 'pairs.json');
  if (!values.reuse || !existsSync(pairsFile)) await runPython('dvar.train.dev_images', ['score', '--out', dir, '--pairs-json', pairsFile]);
  const scored = JSON.parse(readFileSync(pairsFile, 'utf8')) as Record<string, Record<string, Record<string, LookPair['scores'][LookName]>>>;
  for (const degradation of DEGRADATIONS) {
    for (const pair of Object.keys(scored[degradation]![methodOf('Detailed')]!)) {
      const assessment = assessPhoto(await readPng(join(dir, degradation, `${pair}-lq.png`)));
      const scores = Object.fromEntries(LOOKS.map((l) => [l.name, scored[degradation]![methodOf(l.name)]![pair]!])) as LookPair['scores'];
      pairs.push({ list: id, degradation, pair, assessment, scores });
    }
  }
}
await engine.close();

const fittedAim = fitAboveFixedLooks(pairs.filter((p) => FIT_ON.has(p.list as DevListId)));
const fitted: Record<Reference, AutoLookRule> = {
  ssim_y: fitRule(
    pairs.filter((p) => FIT_ON.has(p.list as DevListId)),
    'ssim_y',
  ),
  psnr_y: fitRule(
    pairs.filter((p) => FIT_ON.has(p.list as DevListId)),
    'psnr_y',
  ),
};
const choosers: Array<[string, (p: LookPair) => LookName]> = [
  ['Auto (shipped rule)', (p) => chooseLook(p.assessment).look.name],
  ['Auto, refitted on lists 1–2 (largest margin)', (p) => chooseLook(p.assessment, fittedAim.rule).look.name],
  ['Auto, refitted to agree with SSIM-Y on lists 1–2', (p) => chooseLook(p.assessment, fitted.ssim_y).look.name],
  ...LOOKS.map((l) => [`always ${l.name}`, () => l.name] as [string, (p: LookPair) => LookName]),
  ['reference (SSIM-Y best, needs the original)', (p) => referenceLook(p, 'ssim_y')],
];

const groups: Array<[string, LookPair[]]> = [
  ['lists 1–2 (fitted on)', pairs.filter((p) => FIT_ON.has(p.list as DevListId))],
  ['list 3 (held out)', pairs.filter((p) => p.list === 'dev3')],
  ['list 3 real-degraded', pairs.filter((p) => p.list === 'dev3' && p.degradation === 'realesrgan')],
  ['list 3 clean ↓4', pairs.filter((p) => p.list === 'dev3' && p.degradation === 'bicubic')],
];
const f = (v: number, d: number) => v.toFixed(d);
const rows = groups.flatMap(([group, list]) =>
  choosers.map(([name, choose]) => {
    const s = judge(list, choose, 'ssim_y');
    const p = judge(list, choose, 'psnr_y');
    const counts = LOOKS.map((l) => s.counts[l.name]).join(' / ');
    const margin = marginAboveFixedLooks(list, s);
    return `| ${group} | ${name} | ${f(100 * s.agreement, 0)} % | ${f(100 * p.agreement, 0)} % | ${f(s.psnr_y, 2)} | ${f(s.ssim_y, 4)} | ${f(s.brisque, 1)} | ${margin >= 0 ? '+' : ''}${f(margin, 4)} | ${counts} |`;
  }),
);
const referenceCounts = (metric: Reference) => LOOKS.map((l) => pairs.filter((p) => referenceLook(p, metric) === l.name).length).join(' / ');
const lines = [
  '# Auto look per photo (`bench/auto-look.ts`)',
  '',
  `${new Date().toISOString()} · pack ${packName} · ${values.threads} threads · ${pairs.length} dev pairs (64 px inputs, ×4; real-degraded and clean ↓4)`,
  '',
  'Every look restores every pair; "agreement" is how often a chooser picks the look that SSIM-Y (or PSNR-Y) against the',
  'original ranks first. **No person labelled these photos**: this measures agreement with a metric, which prefers',
  'fidelity; how often Auto picks what a photographer would is not measured here.',
  '',
  `Shipped rule (\`electron/jobs/auto-look.ts\`): \`${JSON.stringify(AUTO_LOOK_RULE)}\`; refitted on lists 1–2 for the largest margin above the fixed looks: \`${JSON.stringify(fittedAim.rule)}\` (infinite thresholds print as null: that branch never fires); to agree with SSIM-Y: \`${JSON.stringify(fitted.ssim_y)}\`, with PSNR-Y: \`${JSON.stringify(fitted.psnr_y)}\`.`,
  `Reference looks over all pairs (Natural / Balanced / Detailed / Crisp): SSIM-Y ${referenceCounts('ssim_y')}, PSNR-Y ${referenceCounts('psnr_y')}.`,
  '',
  'The margin is SSIM-Y above the line through always-Detailed and always-Balanced at the same BRISQUE: what choosing per',
  'photo gains over a fixed share of photos in each of those two looks (0 for either fixed look; `bench/lib/look-calibration.ts`).',
  '',
  '| pairs | chooser | agrees with SSIM-Y best | with PSNR-Y best | PSNR-Y | SSIM-Y | BRISQUE | margin over fixed looks | chose N / B / D / C |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
];
writeFileSync(join(values.out, 'auto-look.md'), lines.join('\n'));
writeFileSync(join(values.out, 'auto-look.json'), JSON.stringify({ pack: packName, rule: AUTO_LOOK_RULE, fittedAim, fitted, pairs }, null, 1) + '\n');
console.log(lines.join('\n'));
