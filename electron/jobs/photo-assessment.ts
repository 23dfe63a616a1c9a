// What a photo suffers from, measured on its luma before it is restored, so a look can be chosen for it
// (auto-look.ts): sensor or film noise, JPEG blocking and softness. Each figure is a cheap, standard
// estimate that needs no model:
//   noise     Immerkær's noise estimate (a 3×3 kernel that cancels any plane and most edges) in the
//             flattest tenth of the photo's 8×8 blocks, where texture cannot pass for noise; σ of the
//             luma in 8-bit levels.
//   blocking  the mean step between neighbouring pixels across the 8-pixel grid of JPEG blocks, over
//             the typical step at the other seven offsets (1: no blocks), whatever the grid's offset.
//   fineness  the luma's energy in its finest band over that in the next band (lower: softer).
import { cropPlanar, type FloatImage } from '../engine/definitions.ts';

/** Larger photos are assessed on their central square of this side: enough pixels, a fraction of the time. */
export const ASSESSED_SIDE = 1024;

export interface PhotoAssessment {
  noise: number;
  blocking: number;
  fineness: number;
}

/** BT.601 luma in 8-bit levels, row-major. */
function lumaLevels(image: FloatImage): Float32Array {
  const n = image.width * image.height;
  const y = new Float32Array(n);
  const { data } = image;
  for (let i = 0; i < n; i++) y[i] = 255 * (0.299 * data[i]! + 0.587 * data[n + i]! + 0.114 * data[2 * n + i]!);
  return y;
}

function median(values: Float32Array | number[]): number {
  const sorted = Float32Array.from(values).sort();
  return sorted.length === 0 ? 0 : sorted[sorted.length >> 1]!;
}

/**
 * Immerkær (1996): for Gaussian noise of σ the kernel's response has mean magnitude σ·6·√(2/π). Texture
 * and edges raise the response too, so it is averaged over 8×8 blocks and the flattest tenth of the
 * blocks gives the estimate: noise is everywhere, texture is not.
 */
function noiseLevel(y: Float32Array, w: number, h: number): number {
  if (w < 3 || h < 3) return 0;
  const bw = Math.max(1, Math.floor((w - 2) / 8));
  const bh = Math.max(1, Math.floor((h - 2) / 8));
  const sums = new Float64Array(bw * bh);
  const counts = new Float64Array(bw * bh);
  for (let r = 1; r < h - 1; r++) {
    for (let c = 1; c < w - 1; c++) {
      const [up, i, down] = [(r - 1) * w + c, r * w + c, (r + 1) * w + c];
      const v = y[up - 1]! - 2 * y[up]! + y[up + 1]! - 2 * y[i - 1]! + 4 * y[i]! - 2 * y[i + 1]! + y[down - 1]! - 2 * y[down]! + y[down + 1]!;
      const block = Math.min(bh - 1, Math.floor((r - 1) / 8)) * bw + Math.min(bw - 1, Math.floor((c - 1) / 8));
      sums[block]! += Math.abs(v);
      counts[block]!++;
    }
  }
  const means = Float32Array.from(sums, (s, i) => s / counts[i]!).sort();
  const flattest = means[Math.floor(0.1 * (means.length - 1))]!;
  return flattest / (6 * Math.sqrt(2 / Math.PI));
}

/** Steps across one axis grouped by offset modulo 8: the largest group's mean over the median of the rest. */
function gridContrast(y: Float32Array, w: number, h: number, horizontal: boolean): number {
  const sums = new Float64Array(8);
  const counts = new Float64Array(8);
  const [along, across] = horizontal ? [w, h] : [h, w];
  if (along < 16) return 1;
  // Pixel i of line a is at a * lineStep + i * step; its neighbour along the axis one step further.
  const [step, lineStep] = horizontal ? [1, w] : [w, 1];
  for (let a = 0; a < across; a++) {
    for (let i = 0; i < along - 1; i++) {
      const p = a * lineStep + i * step;
      sums[i % 8]! += Math.abs(y[p + step]! - y[p]!);
      counts[i % 8]!++;
    }
  }
  const means = Array.from(sums, (s, i) => s / counts[i]!);
  const largest = Math.max(...means);
  const rest = means.filter((_, i) => i !== means.indexOf(largest));
  return largest / Math.max(median(rest), 1e-3);
}

/** A separable box blur of radius `r` (edges clamped). */
function boxBlur(y: Float32Array, w: number, h: number, r: number): Float32Array {
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        let sum = 0;
        for (let d = -r; d <= r; d++) {
          sum += horizontal ? src[row * w + Math.min(w - 1, Math.max(0, col + d))]! : src[Math.min(h - 1, Math.max(0, row + d)) * w + col]!;
        }
        out[row * w + col] = sum / (2 * r + 1);
      }
    }
    return out;
  };
  return pass(pass(y, true), false);
}

function fineness(y: Float32Array, w: number, h: number): number {
  const b1 = boxBlur(y, w, h, 1);
  const b2 = boxBlur(y, w, h, 3);
  let fine = 0;
  let coarse = 0;
  for (let i = 0; i < y.length; i++) {
    fine += Math.abs(y[i]! - b1[i]!);
    coarse += Math.abs(b1[i]! - b2[i]!);
  }
  return fine / Math.max(coarse, 1e-6);
}

export function assessPhoto(photo: FloatImage): PhotoAssessment {
  const [w, h] = [Math.min(photo.width, ASSESSED_SIDE), Math.min(photo.height, ASSESSED_SIDE)];
  // Offsets on the 8-pixel grid, so a JPEG's blocks stay where they were (the measure finds any offset anyway).
  const [x, top] = [((photo.width - w) >> 4) << 3, ((photo.height - h) >> 4) << 3];
  const image = cropPlanar(photo, x, top, w, h);
  const y = lumaLevels(image);
  return {
    noise: noiseLevel(y, w, h),
    blocking: (gridContrast(y, w, h, true) + gridContrast(y, w, h, false)) / 2,
    fineness: fineness(y, w, h),
  };
}
