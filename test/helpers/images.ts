// Small photos generated with sharp at test time, so no binary fixtures need committing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FloatImage } from '../../electron/engine/types.ts';

/** A temp folder removed after the test file finishes (call from a test's top level). */
export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `dvar-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A smooth colourful 8-bit RGB test pattern, interleaved. */
export function gradientRgb(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.round((255 * x) / Math.max(1, width - 1));
      data[i + 1] = Math.round((255 * y) / Math.max(1, height - 1));
      data[i + 2] = 128;
    }
  }
  return data;
}

/** Writes a small gradient photo in the format the extension names (jpg, png, webp, tif). */
export async function writePhoto(path: string, width: number, height: number): Promise<void> {
  await sharp(gradientRgb(width, height), { raw: { width, height, channels: 3 } }).toFile(path);
}

/** A PNG file as the engine's planar float image (RGB in [0, 1]). */
export async function readPlanar(path: string): Promise<FloatImage> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  const planar = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) planar[c * n + i] = data[i * 3 + c]! / 255;
  return { width: info.width, height: info.height, channels: 3, data: planar };
}
