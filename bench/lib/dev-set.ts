// The dev pairs on disk (`python -m dvar.train.dev_images dump`: <deg>/NNN-lq.png, NNN-hq.png,
// NNN-bicubic.png), every method's outputs written beside them as NNN-<method>.png, and the scores
// `dev_images score` gives them with the training metrics (PSNR-Y, SSIM-Y, sharpness), BRISQUE and the
// luma shift.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DvarEngine, type FloatImage } from '../../electron/engine/index.ts';
import type { FidelityGuard } from '../../electron/engine/pipeline/fidelity-guard.ts';
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import type { PeerUpscaler } from '../peers/upscalerjs.ts';
import type { DevListId } from './dev-lists.ts';
import { readPng, writePng } from './images.ts';
import { runPython } from './subprocess.ts';

export const DEGRADATIONS = ['realesrgan', 'bicubic'] as const;
/** The engine's guards in the bench's column order (off first: the unguarded baseline). */
export const FIDELITY_GUARDS = ['off', 'wavelet', 'adain'] as const satisfies readonly FidelityGuard[];

export interface DevMethod {
  name: string;
  run: (lq: FloatImage) => Promise<FloatImage>;
}

export interface MethodScores {
  psnr_y: number;
  ssim_y: number;
  sharpness: number;
  /** No-reference naturalness, lower is better (the dev originals score about 23). */
  brisque: number;
  /** Output mean luma minus the LQ input's, 8-bit levels: the signed mean over pairs and the largest magnitude. */
  luma_shift_mean: number;
  luma_shift_max_abs: number;
  /** Colour fidelity (BT.601 Cb and Cr together), which PSNR-Y cannot see; absent in reports before it. */
  psnr_cbcr?: number;
  pairs: number;
}

/** Degradation → method → scores. */
export type Scores = Record<string, Record<string, MethodScores>>;

/**
 * The pack under each fidelity guard (`dvar-off`, `dvar-wavelet`, `dvar-adain`), the previous default
 * pack under its own default guard (`dvar-fast`) when given, then the peers.
 */
export function devMethods(engine: DvarEngine, peers: PeerUpscaler[], fast: DvarEngine | null = null): DevMethod[] {
  const dvar = FIDELITY_GUARDS.map((guard) => ({
    name: `dvar-${guard}`,
    run: async (lq: FloatImage) => (await engine.restore(lq, { fidelityGuard: guard, previewMaxSide: 0 })).image,
  }));
  const old = fast
    ? [
        {
          name: 'dvar-fast',
          run: async (lq: FloatImage) => (await fast.restore(lq, { fidelityGuard: fast.manifest.fidelityGuard, previewMaxSide: 0 })).image,
        },
      ]
    : [];
  return [...dvar, ...old, ...peers.map((p) => ({ name: p.name, run: (lq: FloatImage) => p.upscale(lq) }))];
}

/** The fast pack's engine, or null (with a log line) when that folder has no pack. */
export async function openFastPack(dir: string | null, threads: number, log: (m: string) => void): Promise<DvarEngine | null> {
  if (!dir) return null;
  if (!existsSync(join(dir, 'manifest.json'))) {
    log(`quality: no fast pack in ${dir}, so no dvar-fast`);
    return null;
  }
  return DvarEngine.open(dir, { threads });
}

export function lqFiles(dir: string, degradation: string): string[] {
  const folder = join(dir, degradation);
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((f) => f.endsWith('-lq.png'))
        .sort()
    : [];
}

/**
 * Deletes NNN-<method>.png of methods not in `keep` (the pairs and bicubic stay): `dev_images score`
 * scores every file it finds, so an output left by an earlier run (a peer or pack not run this time)
 * would otherwise be reported as if measured now.
 */
export function removeOtherOutputs(dir: string, keep: string[], log: (m: string) => void): void {
  const stay = new Set(['lq', 'hq', 'bicubic', ...keep]);
  for (const degradation of DEGRADATIONS) {
    const folder = join(dir, degradation);
    if (!existsSync(folder)) continue;
    const stale = readdirSync(folder).filter((f) => /^\d{3}-.+\.png$/.test(f) && !stay.has(f.slice(4, -4)));
    for (const f of stale) rmSync(join(folder, f));
    if (stale.length)
      log(`quality ${degradation}: removed ${stale.length} outputs of methods not run now (${[...new Set(stale.map((f) => f.slice(4, -4)))].join(', ')})`);
  }
}

/** Writes NNN-<method>.png for every pair; returns seconds per degradation and method. */
export async function writeMethodOutputs(dir: string, methods: DevMethod[], log: (m: string) => void): Promise<Record<string, Record<string, number>>> {
  const seconds: Record<string, Record<string, number>> = {};
  for (const degradation of DEGRADATIONS) {
    const inputs = lqFiles(dir, degradation);
    seconds[degradation] = {};
    for (const method of methods) {
      const started = performance.now();
      for (const file of inputs) {
        const out = await method.run(await readPng(join(dir, degradation, file)));
        await writePng(join(dir, degradation, file.replace('-lq.png', `-${method.name}.png`)), out);
      }
      seconds[degradation][method.name] = (performance.now() - started) / 1000;
      log(`quality ${degradation}: ${method.name} on ${inputs.length} pairs in ${seconds[degradation][method.name]!.toFixed(1)} s`);
    }
  }
  return seconds;
}

/** `dev_images dump --list <list> --out <dir>`: that list's pairs, both degradations. */
export async function dumpDevSet(dir: string, list: DevListId = 'dev'): Promise<void> {
  await runPython('dvar.train.dev_images', ['dump', '--list', list, '--out', dir]);
}

/**
 * Dev list `list`'s pairs (in `pairsDir`, dumped there first when missing) copied into `workDir`, where
 * a run writes its methods' outputs beside them, so runs of different packs or options can go side by side.
 */
export async function copyDevPairs(pairsDir: string, list: DevListId, workDir: string): Promise<void> {
  if (lqFiles(pairsDir, 'realesrgan').length === 0) await dumpDevSet(pairsDir, list);
  for (const d of DEGRADATIONS) {
    mkdirSync(join(workDir, d), { recursive: true });
    for (const f of readdirSync(join(pairsDir, d)).filter((n) => /^\d{3}-(lq|hq|bicubic)\.png$/.test(n)))
      copyFileSync(join(pairsDir, d, f), join(workDir, d, f));
  }
}

/**
 * A stand-in dev set for smoke runs: synthetic HR images, LQ by cubic ×1/4, bicubic ×4 baseline.
 * `seed` tells the lists apart (the second smoke list uses other images).
 */
export async function syntheticDevSet(dir: string, count: number, hqSide: number, seed = 20): Promise<void> {
  for (const degradation of DEGRADATIONS) {
    mkdirSync(join(dir, degradation), { recursive: true });
    for (let i = 0; i < count; i++) {
      const stem = join(dir, degradation, String(i).padStart(3, '0'));
      await writePng(`${stem}-hq.png`, syntheticImage(hqSide, hqSide, seed + i));
      await sharp(`${stem}-hq.png`)
        .resize(hqSide / 4, hqSide / 4, { kernel: 'cubic' })
        .png()
        .toFile(`${stem}-lq.png`);
      await sharp(`${stem}-lq.png`).resize(hqSide, hqSide, { kernel: 'cubic' }).png().toFile(`${stem}-bicubic.png`);
    }
  }
}

export async function scoreDevSet(dir: string): Promise<Scores> {
  const json = join(dir, 'scores.json');
  await runPython('dvar.train.dev_images', ['score', '--out', dir, '--json', json]);
  return JSON.parse(readFileSync(json, 'utf8')) as Scores;
}
