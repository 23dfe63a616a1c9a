// Alpha is not something DVAR restores (the model sees RGB only), so the alpha plane travels beside
// the image: resized on its own with a plain lanczos3 filter to whatever size the output ends up.
import sharp from 'sharp';
import type { FloatImage } from '../engine/definitions.ts';
import { bufferAsUint16, planeToUint16, uint16ToPlane } from './float-pixels.ts';

/** Resizes an alpha plane to the output size. 16-bit keeps soft edges free of banding. */
export async function resizeAlpha(alpha: Float32Array, size: { width: number; height: number }, to: { width: number; height: number }): Promise<Float32Array> {
  if (size.width === to.width && size.height === to.height) return alpha.slice();
  // sharp clamps the lanczos overshoot to the 16-bit range, so the plane stays in [0, 1].
  return uint16ToPlane(await resizeAlpha16(alpha, size, to));
}

/** The same, kept as 16-bit samples (half the memory of floats, for very large outputs). */
export async function resizeAlpha16(alpha: Float32Array, size: { width: number; height: number }, to: { width: number; height: number }): Promise<Uint16Array> {
  if (size.width === to.width && size.height === to.height) return planeToUint16(alpha);
  const { data } = await sharp(planeToUint16(alpha), {
    raw: { width: size.width, height: size.height, channels: 1 },
    limitInputPixels: false,
  })
    .resize(to.width, to.height, { kernel: 'lanczos3', fit: 'fill' })
    .toColourspace('grey16') // one 16-bit band out, not sRGB
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  return bufferAsUint16(data);
}

/** Composites an image over white: used when the output format (JPEG) has no alpha channel. */
export function flattenOnWhite(rgb: FloatImage, alpha: Float32Array): FloatImage {
  const n = rgb.width * rgb.height;
  const data = new Float32Array(rgb.data.length);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) {
      const a = alpha[i]!;
      data[c * n + i] = rgb.data[c * n + i]! * a + (1 - a);
    }
  }
  return { ...rgb, data };
}
