// Planar float images ↔ 8-bit PNG files and buffers through sharp.
import sharp, { type Sharp } from 'sharp';
import type { FloatImage } from '../../electron/engine/index.ts';

export function toRgb8(image: FloatImage): Buffer {
  const n = image.width * image.height;
  const rgb = Buffer.alloc(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(Math.min(1, Math.max(0, image.data[c * n + i]!)) * 255);
  return rgb;
}

export function rawSharp(image: FloatImage): Sharp {
  return sharp(toRgb8(image), { raw: { width: image.width, height: image.height, channels: 3 }, limitInputPixels: false });
}

export async function readPng(path: string): Promise<FloatImage> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  const planar = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) planar[c * n + i] = data[i * 3 + c]! / 255;
  return { width: info.width, height: info.height, channels: 3, data: planar };
}

export async function writePng(path: string, image: FloatImage): Promise<void> {
  await rawSharp(image).png().toFile(path);
}
