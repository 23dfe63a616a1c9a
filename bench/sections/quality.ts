// Quality on the project's two dev lists (dev list 1 = the original 6 photos in models/runs/dev-images,
// dev list 2 = 6 newer photos in models/runs/dev-images-2; each dumped by `dev_images dump --list <id>`
// when missing): every method's x4 outputs from real-degraded and from clean bicubic inputs, scored by
// `dev_images score` (PSNR-Y, SSIM-Y, sharpness, BRISQUE, luma shift), plus one montage of crops per
// list. Besides the pack under each guard, the previous default pack runs as `dvar-fast` when
// models/packs/fast exists, and Real-ESRGAN x4plus as a peer.
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../test/helpers/fixtures.ts';
import type { BenchConfig } from '../lib/config.ts';
import { DEV_LISTS, type DevListResult, type QualityLists } from '../lib/dev-lists.ts';
import {
  devMethods,
  dumpDevSet,
  lqFiles,
  openFastPack,
  removeOtherOutputs,
  scoreDevSet,
  syntheticDevSet,
  writeMethodOutputs,
  type DevMethod,
} from '../lib/dev-set.ts';
import type { Methods } from '../lib/methods.ts';
import { X4PLUS_NAME } from '../peers/realesrgan-x4plus.ts';
import { montage, type MontageColumn } from '../report/montage.ts';

/** Dev list 1's run at the top level (the shape report.json had before dev list 2), dev list 2 in `dev2`. */
export interface QualityResult extends QualityLists {
  /** The default pack under its own default guard (`dvar-<guard>`): the method the targets judge. */
  defaultMethod: string;
  /** The pack run as `dvar-fast` (repository-relative), or null when there was none. */
  fastPack: string | null;
  /** Where each peer ran and on how many threads (DVAR's count unless it says why not). */
  peerRuntimes?: Record<string, string>;
}

/** Smoke runs: two pairs of 64² per list, other synthetic images on each list. */
const SMOKE_PAIRS = 2;
const SMOKE_SIDE = 64;

async function runList(
  list: (typeof DEV_LISTS)[number],
  dir: string,
  synthetic: boolean,
  methods: DevMethod[],
  columns: MontageColumn[],
  outDir: string,
  log: (m: string) => void,
): Promise<DevListResult> {
  const say = (m: string) => log(`${list.id}: ${m}`);
  if (synthetic) await syntheticDevSet(dir, SMOKE_PAIRS, SMOKE_SIDE, 20 + 10 * (list.n - 1));
  else if (lqFiles(dir, 'realesrgan').length === 0) {
    say(`no pairs in ${dir}: dev_images dump --list ${list.id}`);
    await dumpDevSet(dir, list.id);
  }
  removeOtherOutputs(
    dir,
    methods.map((m) => m.name),
    say,
  );
  const seconds = await writeMethodOutputs(dir, methods, say);
  const scores = await scoreDevSet(dir);
  const stems = lqFiles(dir, 'realesrgan')
    .slice(0, 3)
    .map((f) => f.slice(0, 3));
  await montage(join(dir, 'realesrgan'), stems, columns, join(outDir, list.montage));
  return { list: list.id, title: list.title, dir: relative(REPO_ROOT, dir), synthetic, scores, seconds, montage: list.montage };
}

export async function quality(config: BenchConfig, methods: Methods, outDir: string, log: (m: string) => void): Promise<QualityResult> {
  const fast = await openFastPack(config.fastPack, config.threads, log);
  const list = devMethods(methods.engine, methods.peers, fast);
  const names = list.map((m) => m.name);
  const esrgan = names.includes('esrgan-medium') ? 'esrgan-medium' : names.find((n) => n.startsWith('esrgan-'));
  const dvar = `dvar-${methods.engine.manifest.fidelityGuard}`;
  const columns: MontageColumn[] = [
    { label: 'LQ', suffix: 'lq' },
    { label: 'bicubic', suffix: 'bicubic' },
    { label: 'lanczos3', suffix: 'lanczos3' },
    ...(esrgan ? [{ label: esrgan, suffix: esrgan }] : []),
    ...(names.includes(X4PLUS_NAME) ? [{ label: 'x4plus', suffix: X4PLUS_NAME }] : []),
    ...(fast ? [{ label: 'DVAR fast', suffix: 'dvar-fast' }] : []),
    { label: `DVAR (${dvar.slice(5)})`, suffix: dvar },
    { label: 'HR', suffix: 'hq' },
  ];
  const runs: DevListResult[] = [];
  try {
    for (const l of DEV_LISTS) {
      const dir = config.qualityDirs?.[l.id] ?? join(outDir, l.folder);
      runs.push(await runList(l, dir, !config.qualityDirs, list, columns, outDir, log));
    }
  } finally {
    await fast?.close();
  }
  const [first, second, third] = runs as [DevListResult, DevListResult, DevListResult | undefined];
  return {
    dir: first.dir,
    synthetic: first.synthetic,
    scores: first.scores,
    seconds: first.seconds,
    montage: first.montage,
    defaultMethod: dvar,
    fastPack: fast ? relative(REPO_ROOT, config.fastPack!) : null,
    peerRuntimes: Object.fromEntries(methods.peers.map((p) => [p.name, p.runtime])),
    dev2: second,
    ...(third ? { dev3: third } : {}),
  };
}
