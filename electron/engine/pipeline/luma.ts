// BT.601 luma weights, as PSNR-Y reads them. They sum to 1, so adding one value to R, G and B moves luma
// by that value and leaves both chroma channels where they were (detail-transfer.ts, luma-detail-gain.ts,
// neutral-gray.ts).
import { clampUnit } from './fidelity-guard.ts';

export const LUMA = [0.299, 0.587, 0.114] as const;

/** The luma plane of planar RGB `data` with `n` pixels a channel. */
export function lumaPlane(data: Float32Array, n: number): Float32Array {
  const luma = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    const k = LUMA[c]!;
    for (let i = 0; i < n; i++) luma[i] = luma[i]! + k * data[c * n + i]!;
  }
  return luma;
}

/** A copy of planar RGB `data` with `plane` added to R, G and B alike (luma moves, colour does not), clamped to [0, 1]. */
export function addToEveryChannel(data: Float32Array, plane: Float32Array, n: number): Float32Array {
  const out = new Float32Array(3 * n);
  for (let c = 0; c < 3; c++) for (let i = 0; i < n; i++) out[c * n + i] = data[c * n + i]! + plane[i]!;
  return clampUnit(out);
}
