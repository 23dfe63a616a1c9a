// Black-and-white photos stay black and white. A grayscale photo stored as RGB (a scan saved as a colour
// JPEG, a three-channel gray PNG) has R = G = B everywhere, but the restorer and the token path draw
// faint colour into it (default pack v0.4.1 on dev list 2's gray photos: mean channel spread 0.5 levels
// where the input had none; Real-ESRGAN x4plus alone does the same). When every input pixel is neutral
// within NEUTRAL_TOLERANCE, the output is made neutral too: each pixel becomes its BT.601 luma on all
// three channels, which keeps luma (the weights sum to 1) and removes only the invented colour.
import type { FloatImage } from '../types.ts';
import { LUMA } from './luma.ts';

/** Largest R/G/B spread of a pixel still counted as gray: 2 of 255 levels (8-bit rounding, JPEG's). */
export const NEUTRAL_TOLERANCE = 2 / 255;

/** Whether every pixel of a planar RGB image has its channels within NEUTRAL_TOLERANCE of each other. */
export function isNeutral(image: FloatImage): boolean {
  const n = image.width * image.height;
  const d = image.data;
  for (let i = 0; i < n; i++) {
    const r = d[i]!;
    const g = d[n + i]!;
    const b = d[2 * n + i]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > NEUTRAL_TOLERANCE) return false;
  }
  return true;
}

/** Planar RGB with every pixel replaced by its luma on all three channels (in place). */
export function makeNeutral(image: FloatImage): FloatImage {
  const n = image.width * image.height;
  const d = image.data;
  for (let i = 0; i < n; i++) {
    const y = LUMA[0] * d[i]! + LUMA[1] * d[n + i]! + LUMA[2] * d[2 * n + i]!;
    d[i] = d[n + i] = d[2 * n + i] = y;
  }
  return image;
}

/** The same for an 8-bit interleaved preview (in place). */
export function makeNeutralRgb8(data: Uint8Array): Uint8Array {
  for (let i = 0; i < data.length; i += 3) {
    const y = Math.round(LUMA[0] * data[i]! + LUMA[1] * data[i + 1]! + LUMA[2] * data[i + 2]!);
    data[i] = data[i + 1] = data[i + 2] = y;
  }
  return data;
}
