// The benchmark: speed beside peers, time vs pixels, efficiency against the matmul peak, time to first
// preview, peak RSS, quality on both dev lists and the int8 table per graph. Writes report.json, summary.md and PNG plots.
//
//   npx tsx bench/run.ts [--pack DIR] [--out bench/results] [--only speed,quality] [--quick] [--repeat N] [--peers slim,medium,thick,x4plus,x4plus-ncnn]
//                        [--speed-sides 125,250,500]
//   npx tsx bench/run.ts --smoke [--out DIR]     # tiny sizes on the fixture pack, into a temp folder
//
// --quick restores a 1 MP output instead of 24 MP for peak RSS. Benchmarks measure; targets are judged
// in the summary, and the exit code is non-zero only when a section fails to run.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PACK_DIR } from '../electron/engine/index.ts';
import { REPO_ROOT, TINY_PACK } from '../test/helpers/fixtures.ts';
import { fullConfig, smokeConfig, type BenchConfig } from './lib/config.ts';
import { renderChart } from './lib/charts.ts';
import { openMethods, type Methods, type PeerName } from './lib/methods.ts';
import { PLOTS } from './report/plots.ts';
import { summary } from './report/summary.ts';
import { targets } from './report/targets.ts';
import { SECTIONS, type BenchReport, type SectionName } from './report/types.ts';
import { efficiency } from './sections/efficiency.ts';
import { firstPreview } from './sections/first-preview.ts';
import { int8 } from './sections/int8.ts';
import { quality } from './sections/quality.ts';
import { rss } from './sections/rss.ts';
import { scaling } from './sections/scaling.ts';
import { speed } from './sections/speed.ts';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    pack: { type: 'string' },
    out: { type: 'string' },
    only: { type: 'string' },
    repeat: { type: 'string' },
    peers: { type: 'string' },
    'speed-sides': { type: 'string' },
  },
});
const pack = resolve(values.pack ?? (values.smoke ? TINY_PACK : DEFAULT_PACK_DIR));
if (!existsSync(join(pack, 'manifest.json'))) {
  console.error(`No model pack in ${pack}: train and export the default pack, or pass --pack DIR.`);
  process.exit(2);
}
const config: BenchConfig = values.smoke ? smokeConfig(pack) : fullConfig(pack, values.quick);
if (values.repeat) config.repeat = Number(values.repeat);
if (values['speed-sides']) config.speedSides = values['speed-sides'].split(',').map(Number);
if (values.peers !== undefined) config.peers = values.peers.split(',').filter(Boolean) as PeerName[];
const only = values.only?.split(',') as SectionName[] | undefined;
const out = resolve(values.out ?? (values.smoke ? mkdtempSync(join(tmpdir(), 'dvar-bench-smoke-')) : join(REPO_ROOT, 'bench', 'results')));
mkdirSync(out, { recursive: true });
const log = (m: string) => console.log(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${m}`);

function commit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** The onnxruntime-node version a Node process started in the repository resolves. */
function onnxruntimeVersion(): string {
  const printed: unknown = JSON.parse(
    execFileSync(process.execPath, ['-p', 'JSON.stringify(require("onnxruntime-node/package.json").version)'], { cwd: REPO_ROOT, encoding: 'utf8' }),
  );
  if (typeof printed !== 'string') throw new Error(`onnxruntime-node's package.json has no version string (${String(printed)}).`);
  return printed;
}

const began = performance.now();
const methods: Methods = await openMethods(config, log);
const report: BenchReport = {
  meta: {
    date: new Date().toISOString(),
    mode: config.mode,
    quickRss: values.quick,
    threads: config.threads,
    pack: relative(REPO_ROOT, pack) || '.',
    packName: methods.engine.packName,
    cpu: `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`,
    node: process.versions.node,
    onnxruntime: onnxruntimeVersion(),
    commit: commit(),
    seconds: 0,
  },
  errors: {},
  targets: [],
  plots: [],
};

// With --only, sections not re-run keep their previous results, so a partial run refreshes the report
// instead of erasing it.
const previousFile = join(out, 'report.json');
if (only && existsSync(previousFile)) {
  const previous = JSON.parse(readFileSync(previousFile, 'utf8')) as Record<string, unknown>;
  for (const name of SECTIONS) if (!only.includes(name) && previous[name] !== undefined) (report as unknown as Record<string, unknown>)[name] = previous[name];
}

const run: Record<SectionName, () => Promise<unknown>> = {
  speed: () => speed(config, methods, log),
  scaling: () => scaling(config, methods, log),
  efficiency: () => efficiency(config, methods, log),
  firstPreview: () => firstPreview(config),
  rss: () => rss(config),
  quality: () => quality(config, methods, out, log),
  int8: () => int8({ ...config.int8, threads: config.threads, repeat: config.repeat, devDir: config.qualityDirs?.dev ?? null }, out, log),
};
for (const name of SECTIONS) {
  if (only && !only.includes(name)) continue;
  log(`${name}…`);
  try {
    (report as unknown as Record<string, unknown>)[name] = await run[name]();
  } catch (error) {
    report.errors[name] = (error as Error).message;
    log(`${name} FAILED: ${(error as Error).message}`);
  }
}
await methods.close();

report.targets = targets(report);
for (const [name, chart] of Object.entries(PLOTS)) {
  const spec = chart(report);
  if (!spec) continue;
  await renderChart(spec, join(out, `${name}.png`));
  report.plots.push(`${name}.png`);
}
report.meta.seconds = (performance.now() - began) / 1000;
writeFileSync(join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
writeFileSync(join(out, 'summary.md'), summary(report));
log(`wrote ${out}/report.json, summary.md and ${report.plots.length} plots`);
for (const t of report.targets) log(`${t.status.padEnd(4)} ${t.name}: ${t.measured} (goal ${t.goal})`);
process.exit(Object.keys(report.errors).length ? 1 : 0);
