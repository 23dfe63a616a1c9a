// Quality on the project's dev set: every method's x4 outputs from real-degraded and from clean bicubic
// inputs, scored by `dev_images score` (PSNR-Y, SSIM-Y, sharpness), plus a montage of crops.
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../test/helpers/fixtures.ts';
import type { BenchConfig } from '../lib/config.ts';
import { devMethods, dumpDevSet, lqFiles, scoreDevSet, syntheticDevSet, writeMethodOutputs, type Scores } from '../lib/dev-set.ts';
import type { Methods } from '../lib/methods.ts';
import { montage } from '../report/montage.ts';

export interface QualityResult {
  dir: string;
  synthetic: boolean;
  scores: Scores;
  seconds: Record<string, Record<string, number>>;
  montage: string;
}

export async function quality(config: BenchConfig, methods: Methods, outDir: string, log: (m: string) => void): Promise<QualityResult> {
  const dir = config.qualityDir ?? join(outDir, 'dev-images');
  if (!config.qualityDir) await syntheticDevSet(dir, 2, 64);
  else if (lqFiles(dir, 'realesrgan').length === 0) await dumpDevSet(dir);
  const list = devMethods(methods.engine, methods.peers);
  const seconds = await writeMethodOutputs(dir, list, log);
  const scores = await scoreDevSet(dir);
  const names = list.map((m) => m.name);
  const peer = names.includes('esrgan-medium') ? 'esrgan-medium' : names.find((n) => n.startsWith('esrgan-'));
  const dvar = `dvar-${methods.engine.manifest.fidelityGuard}`;
  const columns = [
    { label: 'LQ', suffix: 'lq' },
    { label: 'bicubic', suffix: 'bicubic' },
    { label: 'lanczos3', suffix: 'lanczos3' },
    ...(peer ? [{ label: peer, suffix: peer }] : []),
    { label: `DVAR (${dvar.slice(5)})`, suffix: dvar },
    { label: 'HR', suffix: 'hq' },
  ];
  const stems = lqFiles(dir, 'realesrgan').slice(0, 3).map((f) => f.slice(0, 3));
  const file = join(outDir, 'montage.png');
  await montage(join(dir, 'realesrgan'), stems, columns, file);
  return { dir: relative(REPO_ROOT, dir), synthetic: !config.qualityDir, scores, seconds, montage: 'montage.png' };
}
