// Quality on the project's dev set: every method's x4 outputs from real-degraded and from clean bicubic
// inputs, scored by `dev_images score` (PSNR-Y, SSIM-Y, sharpness, BRISQUE, luma shift), plus a montage
// of crops. Besides the pack under each guard, the previous default pack runs as `dvar-fast` when
// models/packs/fast exists, and Real-ESRGAN x4plus as a peer.
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../test/helpers/fixtures.ts';
import type { BenchConfig } from '../lib/config.ts';
import { devMethods, dumpDevSet, lqFiles, openFastPack, removeOtherOutputs, scoreDevSet, syntheticDevSet, writeMethodOutputs, type Scores } from '../lib/dev-set.ts';
import type { Methods } from '../lib/methods.ts';
import { X4PLUS_NAME } from '../peers/realesrgan-x4plus.ts';
import { montage, type MontageColumn } from '../report/montage.ts';

export interface QualityResult {
  dir: string;
  synthetic: boolean;
  /** The default pack under its own default guard (`dvar-<guard>`): the method the targets judge. */
  defaultMethod: string;
  /** The pack run as `dvar-fast` (repository-relative), or null when there was none. */
  fastPack: string | null;
  scores: Scores;
  seconds: Record<string, Record<string, number>>;
  montage: string;
}

export async function quality(config: BenchConfig, methods: Methods, outDir: string, log: (m: string) => void): Promise<QualityResult> {
  const dir = config.qualityDir ?? join(outDir, 'dev-images');
  if (!config.qualityDir) await syntheticDevSet(dir, 2, 64);
  else if (lqFiles(dir, 'realesrgan').length === 0) await dumpDevSet(dir);
  const fast = await openFastPack(config.fastPack, config.threads, log);
  let seconds: QualityResult['seconds'];
  const list = devMethods(methods.engine, methods.peers, fast);
  removeOtherOutputs(dir, list.map((m) => m.name), log);
  try {
    seconds = await writeMethodOutputs(dir, list, log);
  } finally {
    await fast?.close();
  }
  const scores = await scoreDevSet(dir);
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
  const stems = lqFiles(dir, 'realesrgan').slice(0, 3).map((f) => f.slice(0, 3));
  const file = join(outDir, 'montage.png');
  await montage(join(dir, 'realesrgan'), stems, columns, file);
  return { dir: relative(REPO_ROOT, dir), synthetic: !config.qualityDir, defaultMethod: dvar, fastPack: fast ? relative(REPO_ROOT, config.fastPack!) : null, scores, seconds, montage: 'montage.png' };
}
