// Conversions between sharp's interleaved integer pixels and the engine's planar float planes.
// Kept apart from I/O so the arithmetic (rounding, clamping, channel layout) is testable on its own.
import type { FloatImage } from '../engine/definitions.ts';

export type BitDepth = 8 | 16;
export type IntegerPixels = Uint8Array | Uint16Array;

/** The largest sample value of an integer depth: 255 or 65535. */
export function maxValue(bitDepth: BitDepth): number {
  return bitDepth === 16 ? 65535 : 255;
}

/**
 * Splits interleaved RGB or RGBA samples into a planar float RGB image and, for RGBA, an alpha plane.
 * Samples are divided by the depth's maximum, so 8- and 16-bit inputs both land in [0, 1].
 */
export function interleavedToPlanar(data: IntegerPixels, width: number, height: number, channels: 3 | 4): { rgb: FloatImage; alpha: Float32Array | null } {
  const n = width * height;
  if (data.length !== n * channels) throw new RangeError(`Expected ${n * channels} samples, got ${data.length}.`);
  const scale = 1 / maxValue(data instanceof Uint16Array ? 16 : 8);
  const rgb = new Float32Array(3 * n);
  const alpha = channels === 4 ? new Float32Array(n) : null;
  for (let i = 0, s = 0; i < n; i++, s += channels) {
    rgb[i] = data[s]! * scale;
    rgb[n + i] = data[s + 1]! * scale;
    rgb[2 * n + i] = data[s + 2]! * scale;
    if (alpha) alpha[i] = data[s + 3]! * scale;
  }
  return { rgb: { width, height, channels: 3, data: rgb }, alpha };
}

/** Rec. 709 luma weights: the model returns RGB, a grayscale original gets one channel back. */
const LUMA = [0.2126, 0.7152, 0.0722] as const;

function quantize(value: number, max: number): number {
  // NaN (should never happen) becomes 0 rather than poisoning the file.
  const v = value > 0 ? (value < 1 ? value : 1) : 0;
  return Math.round(v * max);
}

/**
 * Interleaves a planar float image (and optional alpha plane) into integer samples for sharp.
 * Layout: gray → [Y] or [Y, A]; colour → [R, G, B] or [R, G, B, A]. Values are clamped to [0, 1].
 */
export function planarToInterleaved(
  rgb: FloatImage,
  alpha: Float32Array | null,
  options: { bitDepth: BitDepth; gray: boolean },
): { data: IntegerPixels; channels: 1 | 2 | 3 | 4 } {
  const n = rgb.width * rgb.height;
  if (alpha && alpha.length !== n) throw new RangeError(`Alpha plane has ${alpha.length} values, expected ${n}.`);
  const colours = options.gray ? 1 : 3;
  const channels = (colours + (alpha ? 1 : 0)) as 1 | 2 | 3 | 4;
  const max = maxValue(options.bitDepth);
  const out = options.bitDepth === 16 ? new Uint16Array(n * channels) : new Uint8Array(n * channels);
  const src = rgb.data;
  for (let i = 0, d = 0; i < n; i++) {
    const r = src[i]!;
    const g = src[n + i]!;
    const b = src[2 * n + i]!;
    if (options.gray) {
      out[d++] = quantize(LUMA[0] * r + LUMA[1] * g + LUMA[2] * b, max);
    } else {
      out[d++] = quantize(r, max);
      out[d++] = quantize(g, max);
      out[d++] = quantize(b, max);
    }
    if (alpha) out[d++] = quantize(alpha[i]!, max);
  }
  return { data: out, channels };
}

/** A float plane as 16-bit samples (for resizing with sharp without banding). */
export function planeToUint16(plane: Float32Array): Uint16Array {
  const out = new Uint16Array(plane.length);
  for (let i = 0; i < plane.length; i++) out[i] = quantize(plane[i]!, 65535);
  return out;
}

/** 16-bit samples back to a float plane in [0, 1]. */
export function uint16ToPlane(samples: Uint16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 65535;
  return out;
}

/**
 * Views a sharp output Buffer as 16-bit samples. sharp returns native-endian samples; the Buffer may
 * sit at an odd offset inside a pooled ArrayBuffer, in which case it is copied first.
 */
export function bufferAsUint16(buffer: Buffer): Uint16Array {
  if (buffer.byteOffset % 2 === 0) return new Uint16Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 2);
  return new Uint16Array(new Uint8Array(buffer).buffer);
}
