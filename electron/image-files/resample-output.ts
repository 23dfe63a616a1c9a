// ×2 and ×3 outputs are the model's ×4 result resampled down with lanczos3: the model only knows one
// factor, and downscaling a ×4 restoration keeps more detail than running it at a smaller factor:
// restoring a shrunk photo at ×4 instead (a quarter of the work at ×2) scores 2.8 dB PSNR-Y lower at
// ×2 and 0.85 dB at ×3 on 24 dev pairs, below plain lanczos3 at ×2 (bench/results/scale-shortcut.md).
// The round trip goes through 16-bit samples so smooth gradients do not band.
import sharp from 'sharp';
import type { FloatImage } from '../engine/definitions.ts';
import { bufferAsUint16, interleavedToPlanar, planarToInterleaved } from './float-pixels.ts';

export async function resampleImage(image: FloatImage, to: { width: number; height: number }): Promise<FloatImage> {
  if (image.width === to.width && image.height === to.height) return image;
  const { data } = planarToInterleaved(image, null, { bitDepth: 16, gray: false });
  const resized = await sharp(data, { raw: { width: image.width, height: image.height, channels: 3 }, limitInputPixels: false })
    .resize(to.width, to.height, { kernel: 'lanczos3', fit: 'fill' })
    .toColourspace('rgb16') // without this sharp drops to 8 bits
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  return interleavedToPlanar(bufferAsUint16(resized.data), resized.info.width, resized.info.height, 3).rgb;
}

/** The output size of a ×`scale` result, rounded to whole pixels (never below 1). */
export function scaledSize(size: { width: number; height: number }, scale: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}
