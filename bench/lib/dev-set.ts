// The dev pairs on disk (`python -m dvar.train.dev_images dump`: <deg>/NNN-lq.png, NNN-hq.png,
// NNN-bicubic.png), every method's outputs written beside them as NNN-<method>.png, and the scores
// `dev_images score` gives them with the training metrics (PSNR-Y, SSIM-Y, sharpness).
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { DvarEngine, FloatImage } from '../../electron/engine/index.ts';
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import type { PeerUpscaler } from '../peers/upscalerjs.ts';
import { readPng, writePng } from './images.ts';
import { runPython } from './subprocess.ts';

export const DEGRADATIONS = ['realesrgan', 'bicubic'] as const;
export const FIDELITY_GUARDS = ['off', 'wavelet', 'adain'] as const;

export interface DevMethod {
  name: string;
  run: (lq: FloatImage) => Promise<FloatImage>;
}

export type Scores = Record<string, Record<string, { psnr_y: number; ssim_y: number; sharpness: number; pairs: number }>>;

/** The pack under each fidelity guard (`dvar-off`, `dvar-wavelet`, `dvar-adain`), then the peers. */
export function devMethods(engine: DvarEngine, peers: PeerUpscaler[]): DevMethod[] {
  const dvar = FIDELITY_GUARDS.map((guard) => ({
    name: `dvar-${guard}`,
    run: async (lq: FloatImage) => (await engine.restore(lq, { fidelityGuard: guard, previewMaxSide: 0 })).image,
  }));
  return [...dvar, ...peers.map((p) => ({ name: p.name, run: (lq: FloatImage) => p.upscale(lq) }))];
}

export function lqFiles(dir: string, degradation: string): string[] {
  const folder = join(dir, degradation);
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('-lq.png')).sort() : [];
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
      seconds[degradation]![method.name] = (performance.now() - started) / 1000;
      log(`quality ${degradation}: ${method.name} on ${inputs.length} pairs in ${seconds[degradation]![method.name]!.toFixed(1)} s`);
    }
  }
  return seconds;
}

export async function dumpDevSet(dir: string): Promise<void> {
  await runPython('dvar.train.dev_images', ['dump', '--out', dir]);
}

/** A stand-in dev set for smoke runs: synthetic HR images, LQ by cubic ×1/4, bicubic ×4 baseline. */
export async function syntheticDevSet(dir: string, count: number, hqSide: number): Promise<void> {
  for (const degradation of DEGRADATIONS) {
    mkdirSync(join(dir, degradation), { recursive: true });
    for (let i = 0; i < count; i++) {
      const stem = join(dir, degradation, String(i).padStart(3, '0'));
      await writePng(`${stem}-hq.png`, syntheticImage(hqSide, hqSide, 20 + i));
      await sharp(`${stem}-hq.png`).resize(hqSide / 4, hqSide / 4, { kernel: 'cubic' }).png().toFile(`${stem}-lq.png`);
      await sharp(`${stem}-lq.png`).resize(hqSide, hqSide, { kernel: 'cubic' }).png().toFile(`${stem}-bicubic.png`);
    }
  }
}

export async function scoreDevSet(dir: string): Promise<Scores> {
  const json = join(dir, 'scores.json');
  await runPython('dvar.train.dev_images', ['score', '--out', dir, '--json', json]);
  return JSON.parse(readFileSync(json, 'utf8')) as Scores;
}
