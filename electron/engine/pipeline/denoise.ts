// Noise reduction of the input before it is restored (the photographer's "denoise" control): a 5×5
// bilateral filter whose range weights compare whole RGB colours, so edges and fine texture that
// stand out from the noise keep their contrast while grain and sensor noise average away. Strength s
// in [0, 1] widens the colour tolerance (σr = 0.02 + 0.10·s) and mixes the filtered image in by s, so
// 0 is the input untouched and output changes grow with s. Runs on LQ pixels, before the model, so its
// cost is a small fraction of a restore.
import { DvarError } from '../errors.ts';
import type { FloatImage } from '../types.ts';

const RADIUS = 2;
const SPATIAL_SIGMA = 1.5;

export function checkDenoise(strength: number): void {
  if (!(strength >= 0 && strength <= 1)) throw new DvarError('USAGE', 'The denoise strength must be between 0 and 1.');
}

export function denoiseImage(image: FloatImage, strength: number): FloatImage {
  checkDenoise(strength);
  if (strength === 0) return image;
  const { width: w, height: h, data } = image;
  const n = w * h;
  const rangeSigma = 0.02 + 0.1 * strength;
  const rangeScale = -1 / (2 * rangeSigma * rangeSigma);
  const side = 2 * RADIUS + 1;
  const spatial = new Float64Array(side * side);
  for (let dy = -RADIUS; dy <= RADIUS; dy++) {
    for (let dx = -RADIUS; dx <= RADIUS; dx++) spatial[(dy + RADIUS) * side + dx + RADIUS] = Math.exp(-(dx * dx + dy * dy) / (2 * SPATIAL_SIGMA ** 2));
  }
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const r0 = data[i]!;
      const g0 = data[n + i]!;
      const b0 = data[2 * n + i]!;
      let weight = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = -RADIUS; dy <= RADIUS; dy++) {
        const yy = Math.min(h - 1, Math.max(0, y + dy)) * w; // clamped borders
        for (let dx = -RADIUS; dx <= RADIUS; dx++) {
          const j = yy + Math.min(w - 1, Math.max(0, x + dx));
          const dr = data[j]! - r0;
          const dg = data[n + j]! - g0;
          const db = data[2 * n + j]! - b0;
          const k = spatial[(dy + RADIUS) * side + dx + RADIUS]! * Math.exp((dr * dr + dg * dg + db * db) * rangeScale);
          weight += k;
          r += k * data[j]!;
          g += k * data[n + j]!;
          b += k * data[2 * n + j]!;
        }
      }
      out[i] = r0 + strength * (r / weight - r0);
      out[n + i] = g0 + strength * (g / weight - g0);
      out[2 * n + i] = b0 + strength * (b / weight - b0);
    }
  }
  return { ...image, data: out };
}
