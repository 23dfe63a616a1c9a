// Resampling matrices shared with the exported graphs (docs/pack-format.md): the `quantize`,
// `next_input` and `fhat_update` graphs take them as inputs, so the engine must build exactly what
// torch's `interpolate(mode='area')` and `interpolate(mode='bicubic', align_corners=False)` compute.
// Weights are computed in float64 and stored as float32, the dtype the graphs take.
//
// Each row of either matrix is non-zero on one contiguous band, so the builders produce "taps"
// (band start + weights); the dense matrices and the image resizer are both made from them. The
// resizer therefore costs O(taps) per pixel instead of O(input side).

export type ResizeKind = 'area' | 'bicubic';

interface Taps {
  out: number;
  in: number;
  /** Most weights in any row; row i's weights live at `weights[i * stride ..]`. */
  stride: number;
  start: Int32Array;
  count: Int32Array;
  weights: Float64Array;
}

function checkSides(out: number, inSize: number): void {
  if (!Number.isSafeInteger(out) || !Number.isSafeInteger(inSize) || out < 1 || inSize < 1) {
    throw new RangeError(`Resampling sizes must be positive integers, got ${out} and ${inSize}.`);
  }
}

function emptyTaps(out: number, inSize: number, stride: number): Taps {
  return { out, in: inSize, stride, start: new Int32Array(out), count: new Int32Array(out), weights: new Float64Array(out * stride) };
}

/** Row i averages inputs floor(i·n/o) .. ceil((i+1)·n/o) − 1 (adaptive average pooling windows). */
function areaTaps(out: number, inSize: number): Taps {
  checkSides(out, inSize);
  const taps = emptyTaps(out, inSize, Math.ceil(inSize / out) + 1);
  const stride = taps.stride;
  for (let i = 0; i < out; i++) {
    // Integer floor/ceil of exact ratios; windows of neighbouring rows may share an input.
    const s = Math.floor((i * inSize) / out);
    const e = Math.floor(((i + 1) * inSize + out - 1) / out);
    const n = e - s;
    taps.start[i] = s;
    taps.count[i] = n;
    for (let k = 0; k < n; k++) taps.weights[i * stride + k] = 1 / n;
  }
  return taps;
}

const CUBIC_A = -0.75;

/** Keys' cubic convolution kernel with a = −0.75 (torch's choice). */
function cubicWeight(s: number): number {
  const x = Math.abs(s);
  if (x <= 1) return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
  if (x < 2) return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
  return 0;
}

/** Four taps around the half-pixel-centred source coordinate; out-of-range taps clamp to the edge. */
function bicubicTaps(out: number, inSize: number): Taps {
  checkSides(out, inSize);
  const taps = emptyTaps(out, inSize, 4);
  const stride = taps.stride;
  const clamp = (v: number) => Math.min(inSize - 1, Math.max(0, v));
  for (let i = 0; i < out; i++) {
    const x = ((i + 0.5) * inSize) / out - 0.5;
    const x0 = Math.floor(x);
    const t = x - x0;
    const w = [cubicWeight(1 + t), cubicWeight(t), cubicWeight(1 - t), cubicWeight(2 - t)];
    const s = clamp(x0 - 1);
    taps.start[i] = s;
    taps.count[i] = clamp(x0 + 2) - s + 1;
    // Clamped taps land on the same edge index, so their weights add up there.
    for (let k = 0; k < 4; k++) taps.weights[i * stride + clamp(x0 - 1 + k) - s]! += w[k]!;
  }
  return taps;
}

function densify(taps: Taps): Float32Array {
  const m = new Float32Array(taps.out * taps.in);
  for (let i = 0; i < taps.out; i++) {
    for (let k = 0; k < taps.count[i]!; k++) {
      m[i * taps.in + taps.start[i]! + k] = taps.weights[i * taps.stride + k]!;
    }
  }
  return m;
}

/** A(o, n): o×n row-major area down-sampling matrix (each row sums to 1). */
export function areaMatrix(out: number, inSize: number): Float32Array {
  return densify(areaTaps(out, inSize));
}

/** U(o, n): o×n row-major bicubic matrix (torch, align_corners=False, a = −0.75); U(n, n) = I. */
export function bicubicMatrix(out: number, inSize: number): Float32Array {
  return densify(bicubicTaps(out, inSize));
}

/** n×n identity, for scales whose token map already has the latent's size. */
export function identity(n: number): Float32Array {
  checkSides(n, n);
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function tapsFor(out: number, inSize: number, kind: ResizeKind | 'auto'): Taps | null {
  if (out === inSize) return null; // both kernels are the identity here
  const k = kind === 'auto' ? (out < inSize ? 'area' : 'bicubic') : kind;
  return k === 'area' ? areaTaps(out, inSize) : bicubicTaps(out, inSize);
}

/**
 * Resizes a planar float image (`data[c·h·w + y·w + x]`) to outH×outW as `M_h · X · M_wᵀ` per channel.
 * `auto` picks per axis: area when shrinking, bicubic when enlarging (an image can do both at once).
 * Bicubic may overshoot [0, 1] slightly, like torch; callers that need a range clamp afterwards.
 */
export function resizePlanar(
  data: Float32Array,
  channels: number,
  h: number,
  w: number,
  outH: number,
  outW: number,
  kind: ResizeKind | 'auto' = 'auto',
): Float32Array {
  checkSides(h, w);
  checkSides(outH, outW);
  if (data.length !== channels * h * w) {
    throw new RangeError(`Planar image has ${data.length} values, expected ${channels}×${h}×${w}.`);
  }
  const th = tapsFor(outH, h, kind);
  const tw = tapsFor(outW, w, kind);
  const result = new Float32Array(channels * outH * outW);
  if (!th && !tw) {
    result.set(data);
    return result;
  }
  // The passes commute; do first the one that leaves the smaller intermediate image.
  const rowsFirst = outW * h <= outH * w;
  const tmp = new Float32Array(rowsFirst ? h * outW : outH * w);
  for (let c = 0; c < channels; c++) {
    const src = data.subarray(c * h * w, (c + 1) * h * w);
    const dst = result.subarray(c * outH * outW, (c + 1) * outH * outW);
    if (rowsFirst) {
      resizeRows(src, h, w, tw, tmp);
      resizeColumns(tmp, h, outW, th, dst);
    } else {
      resizeColumns(src, h, w, th, tmp);
      resizeRows(tmp, outH, w, tw, dst);
    }
  }
  return result;
}

/** Horizontal pass: each of `rows` rows of width w becomes a row of width taps.out. */
function resizeRows(src: Float32Array, rows: number, w: number, taps: Taps | null, dst: Float32Array): void {
  if (!taps) {
    dst.set(src.subarray(0, rows * w));
    return;
  }
  const ow = taps.out;
  for (let y = 0; y < rows; y++) {
    const base = y * w;
    for (let x = 0; x < ow; x++) {
      const s = base + taps.start[x]!;
      const wb = x * taps.stride;
      let acc = 0;
      for (let k = 0; k < taps.count[x]!; k++) acc += taps.weights[wb + k]! * src[s + k]!;
      dst[y * ow + x] = acc;
    }
  }
}

/** Vertical pass: whole rows are combined, so the inner loop walks memory contiguously. */
function resizeColumns(src: Float32Array, h: number, w: number, taps: Taps | null, dst: Float32Array): void {
  if (!taps) {
    dst.set(src.subarray(0, h * w));
    return;
  }
  const acc = new Float64Array(w);
  for (let y = 0; y < taps.out; y++) {
    acc.fill(0);
    const wb = y * taps.stride;
    for (let k = 0; k < taps.count[y]!; k++) {
      const weight = taps.weights[wb + k]!;
      const row = (taps.start[y]! + k) * w;
      for (let x = 0; x < w; x++) acc[x]! += weight * src[row + x]!;
    }
    dst.set(acc, y * w);
  }
}
