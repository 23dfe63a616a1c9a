// Edge-replicating padding and cropping of planar images: tiny or odd-sized photos are padded to what
// the latent grid needs (never rejected) and the result is cropped back to the exact upscaled size.
import type { FloatImage } from '../types.ts';

export function padReplicate(image: FloatImage, width: number, height: number): FloatImage {
  if (width === image.width && height === image.height) return image;
  const out = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++) {
    const src = c * image.width * image.height;
    const dst = c * width * height;
    for (let y = 0; y < height; y++) {
      const row = src + Math.min(y, image.height - 1) * image.width;
      for (let x = 0; x < width; x++) out[dst + y * width + x] = image.data[row + Math.min(x, image.width - 1)]!;
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
