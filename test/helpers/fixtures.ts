// Paths and loaders for the committed fixture packs and their PyTorch parity vectors.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { FloatImage } from '../../electron/engine/types.ts';
import { restoreParity } from './parity-files.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TINY_PACK = join(REPO_ROOT, 'test', 'fixtures', 'packs', 'tiny');
export const TINY_TEXT_PACK = join(REPO_ROOT, 'test', 'fixtures', 'packs', 'tiny-text');

export interface ParityVectors {
  lq: FloatImage;
  prompt: string;
  cfg: number;
  schedule: Array<[number, number]>;
  tokens: number[][];
  image: FloatImage;
  tolerance: { pixelMaxAbs: number };
}

/** A planar RGB float32 image as the Python parity writers store it (little-endian, base64). */
export function decodeImage(entry: { height: number; width: number; data: string }): FloatImage {
  const bytes = Buffer.from(entry.data, 'base64');
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { height: entry.height, width: entry.width, channels: 3, data };
}

/** One parity file from test/fixtures/parity, checked against its format (test/helpers/parity-files.ts). */
export function readParityFile<Format extends z.ZodType>(name: string, format: Format): z.output<Format> {
  return format.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'parity', `${name}.json`), 'utf8')));
}

export function loadParity(name: string): ParityVectors {
  const raw = readParityFile(name, restoreParity);
  return { ...raw, lq: decodeImage(raw.lq), image: decodeImage(raw.image) };
}

/** A deterministic test image: smooth gradients plus a hashed texture, planar RGB in [0, 1]. */
export function syntheticImage(width: number, height: number, seed = 1): FloatImage {
  const data = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const h = Math.sin((x * 12.9898 + y * 78.233 + c * 37.719 + seed) * 0.5) * 43758.5453;
        const noise = h - Math.floor(h);
        const ramp = (x / Math.max(1, width - 1) + y / Math.max(1, height - 1) + c * 0.3) / 2.6;
        data[c * width * height + y * width + x] = 0.75 * ramp + 0.25 * noise;
      }
    }
  }
  return { width, height, channels: 3, data };
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
