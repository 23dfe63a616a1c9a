// Padding and cropping of planar images: tiny or odd-sized photos are padded to what the latent grid
// needs (never rejected), tiles read context rows below the photo, and the result is cropped back to
// the exact upscaled size.
import type { FloatImage } from '../types.ts';

/** Row `y` of a mirror image of `h` rows continued downwards: h−1, h−2, … then back up (period 2h−2). */
function mirroredRow(y: number, h: number): number {
  if (y < h) return y;
  const period = 2 * (h - 1);
  if (period === 0) return 0;
  const m = y % period;
  return m < h ? m : period - m;
}

/**
 * Pads to `width` × `height`: rows below the photo mirror the rows above them, columns to its right
 * repeat the last column. Mirrored rows are what a bottom-context pack sees below the photo's last
 * tile: real texture instead of a smear of one repeated row, which the token path reads as a surface of
 * its own (default pack v0.4, dev list 1: SSIM-Y 0.5745 → 0.5851 on six single-tile photos).
 */
export function padImage(image: FloatImage, width: number, height: number): FloatImage {
  if (width === image.width && height === image.height) return image;
  const out = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++) {
    const src = c * image.width * image.height;
    const dst = c * width * height;
    for (let y = 0; y < height; y++) {
      const row = src + mirroredRow(y, image.height) * image.width;
      for (let x = 0; x < width; x++) out[dst + y * width + x] = image.data[row + Math.min(x, image.width - 1)]!;
    }
  }
  return { width, height, channels: 3, data: out };
}

/**
 * The rectangle of `image` as padImage would show it (rows below mirrored, columns to the right
 * repeated), read straight from the image: a large photo is never copied whole just to be padded.
 */
export function cropPadded(image: FloatImage, x: number, y: number, width: number, height: number): FloatImage {
  if (x + width <= image.width && y + height <= image.height) return cropPlanar(image, x, y, width, height);
  const out = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++) {
    const src = c * image.width * image.height;
    const dst = c * width * height;
    for (let row = 0; row < height; row++) {
      const from = src + mirroredRow(y + row, image.height) * image.width;
      for (let col = 0; col < width; col++) out[dst + row * width + col] = image.data[from + Math.min(x + col, image.width - 1)]!;
    }
  }
  return { width, height, channels: 3, data: out };
}

export function cropPlanar(image: FloatImage, x: number, y: number, width: number, height: number): FloatImage {
  if (x === 0 && y === 0 && width === image.width && height === image.height) return image;
  const out = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++) {
    for (let row = 0; row < height; row++) {
      const src = c * image.width * image.height + (y + row) * image.width + x;
      out.set(image.data.subarray(src, src + width), c * width * height + row * width);
    }
  }
  return { width, height, channels: 3, data: out };
}
