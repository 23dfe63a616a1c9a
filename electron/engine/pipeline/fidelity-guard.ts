// Fidelity guard: anchors the low frequencies of a restored tile to the bicubic-upsampled input, so
// colours and large-scale tones cannot drift while the model's high-frequency detail is kept.
// `wavelet` swaps the low-pass part (an à-trous [1 2 1]/4 blur of `levels` levels, 5 by default as in
// StableSR/VARSR's wavelet colour fix; fewer levels anchor more of the mid frequencies to the input, and
// a pack says which it measured best with `fidelityGuardLevels`); `adain` only matches each channel's
// mean and standard deviation.
import type { FloatImage } from '../types.ts';

/** The guards' names: the one list the manifest schema, the IPC contract and the CLI all read. */
export const FIDELITY_GUARDS = ['wavelet', 'adain', 'off'] as const;
export type FidelityGuard = (typeof FIDELITY_GUARDS)[number];

export const DEFAULT_WAVELET_LEVELS = 5;

/** One separable [1 2 1]/4 pass with dilation `d` and clamped borders, in place via `tmp`. */
export function blurPlane(plane: Float32Array, tmp: Float32Array, w: number, h: number, d: number): void {
  // Clamping is only needed within `d` of an edge; the interior loops index directly (this runs 5
  // levels × 3 channels over every output pixel, a measurable share of a restore).
  const edge = Math.min(d, w);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < edge; x++) {
      tmp[row + x] = 0.25 * plane[row + Math.max(0, x - d)]! + 0.5 * plane[row + x]! + 0.25 * plane[row + Math.min(w - 1, x + d)]!;
    }
    for (let x = edge; x < w - d; x++) tmp[row + x] = 0.25 * plane[row + x - d]! + 0.5 * plane[row + x]! + 0.25 * plane[row + x + d]!;
    for (let x = Math.max(edge, w - d); x < w; x++) {
      tmp[row + x] = 0.25 * plane[row + Math.max(0, x - d)]! + 0.5 * plane[row + x]! + 0.25 * plane[row + Math.min(w - 1, x + d)]!;
    }
  }
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - d) * w;
    const down = Math.min(h - 1, y + d) * w;
    const row = y * w;
    for (let x = 0; x < w; x++) plane[row + x] = 0.25 * tmp[up + x]! + 0.5 * tmp[row + x]! + 0.25 * tmp[down + x]!;
  }
}

/**
 * Walks the à-trous bands of one plane with the guard's filter: `visit(j, low, next)` for j = 0..levels − 1,
 * band j being `low − next` (the plane before and after level j's blur). Overwrites `plane`, which ends
 * as the residual low-pass.
 */
export function forEachBand(
  plane: Float32Array,
  w: number,
  h: number,
  levels: number,
  visit: (j: number, low: Float32Array, next: Float32Array) => void,
): void {
  const next = new Float32Array(plane.length);
  const tmp = new Float32Array(plane.length);
  for (let j = 0; j < levels; j++) {
    next.set(plane);
    blurPlane(next, tmp, w, h, 1 << j);
    visit(j, plane, next);
    plane.set(next);
  }
}

/** Low-pass of one plane, in place: the residual after `levels` à-trous levels. */
export function lowPassPlane(plane: Float32Array, w: number, h: number, levels: number, tmp = new Float32Array(w * h)): void {
  for (let level = 0; level < levels; level++) blurPlane(plane, tmp, w, h, 1 << level);
}

/** Low-pass of every channel, in place. */
function lowPassInPlace(data: Float32Array, w: number, h: number, levels: number): void {
  const tmp = new Float32Array(w * h);
  for (let c = 0; c < 3; c++) lowPassPlane(data.subarray(c * w * h, (c + 1) * w * h), w, h, levels, tmp);
}

/**
 * detail − low(detail) + low(coarse) = detail + low(coarse − detail): the high frequencies of `detail`
 * over the low frequencies of `coarse`. The low-pass is linear, so one pass over the difference replaces
 * two (equal up to float rounding, ~1e-7). Not clamped. The wavelet guard is this with the upsampled
 * input as `coarse`; a restorer pack's detail transfer (detail-transfer.ts) with its decoder's image.
 */
export function swapLowPass(detail: FloatImage, coarse: FloatImage, levels: number): Float32Array {
  if (detail.width !== coarse.width || detail.height !== coarse.height) {
    throw new RangeError('Swapping low-pass bands needs two images of one size.');
  }
  const out = new Float32Array(detail.data.length);
  for (let i = 0; i < out.length; i++) out[i] = coarse.data[i]! - detail.data[i]!;
  lowPassInPlace(out, detail.width, detail.height, levels);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! + detail.data[i]!;
  return out;
}

export function clampUnit(data: Float32Array): Float32Array {
  for (let i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, data[i]!));
  return data;
}

function meanStd(plane: Float32Array): [number, number] {
  let sum = 0;
  for (const v of plane) sum += v;
  const mean = sum / plane.length;
  let sq = 0;
  for (const v of plane) sq += (v - mean) ** 2;
  return [mean, Math.sqrt(sq / plane.length)];
}

function adainFix(restored: FloatImage, reference: FloatImage): Float32Array {
  const n = restored.width * restored.height;
  const out = new Float32Array(restored.data.length);
  for (let c = 0; c < 3; c++) {
    const src = restored.data.subarray(c * n, (c + 1) * n);
    const [m, s] = meanStd(src);
    const [mr, sr] = meanStd(reference.data.subarray(c * n, (c + 1) * n));
    const gain = s > 1e-6 ? sr / s : 1;
    for (let i = 0; i < n; i++) out[c * n + i] = (src[i]! - m) * gain + mr;
  }
  return out;
}

/** Returns the guarded tile (values clamped to [0, 1]); `reference` is the LQ tile upsampled to the same size. */
export function applyFidelityGuard(guard: FidelityGuard, restored: FloatImage, reference: FloatImage, levels = DEFAULT_WAVELET_LEVELS): FloatImage {
  if (guard === 'off') return restored;
  if (restored.width !== reference.width || restored.height !== reference.height) {
    throw new RangeError('The fidelity guard needs a reference of the restored size.');
  }
  const data = guard === 'wavelet' ? swapLowPass(restored, reference, levels) : adainFix(restored, reference);
  return { ...restored, data: clampUnit(data) };
}
