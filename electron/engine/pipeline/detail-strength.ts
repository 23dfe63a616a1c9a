// Detail strength, the photographer's "fidelity ↔ detail" control: how much of what the model added
// to a tile is kept, and past that, how much its fine detail is sharpened.
//   0 … 1: the tile becomes bicubic + detail × (restored − bicubic): 1 is the pack's output unchanged,
//     0 the plain bicubic upscale of the input (nothing invented), values between fade the model's
//     detail linearly, so pixels move monotonically with the setting and deterministically.
//   1 … 1.5: the restored tile's luma bands finer than SHARPEN.levels à-trous levels are multiplied by
//     1 + (detail − 1) × SHARPEN.gainPerUnit (luma-detail-gain.ts, colour unchanged): crisper, like
//     Real-ESRGAN's own output, at some cost in fidelity. Not bicubic + 1.5 × (restored − bicubic):
//     what a restorer removed (noise, JPEG blocks) is part of that difference too, and extrapolating
//     it would paint the inverted noise back in.
// The fidelity guard (applied after, restore.ts) anchors low frequencies to the same bicubic image,
// so with the wavelet guard this scales exactly the high-frequency detail the model contributed.
import type { FloatImage } from '../types.ts';
import { DvarError } from '../errors.ts';
import { resizePlanar } from './resample.ts';
import { applyLumaDetailGain } from './luma-detail-gain.ts';
import { MAX_DETAIL } from '../detail-range.ts';

export const DEFAULT_DETAIL = 1;
/** Above 1: the luma gain per unit of detail and the bands it reaches (coarser bands trade better; default card, v0.5.1). */
export const SHARPEN = { gainPerUnit: 0.4, levels: 4 } as const;

export function checkDetail(detail: number): void {
  if (!(detail >= 0 && detail <= MAX_DETAIL)) throw new DvarError('USAGE', `The detail strength must be between 0 and ${MAX_DETAIL}.`);
}

/** `lq` is the tile the model restored; `restored` its output at upscale × its size. */
export function applyDetailStrength(restored: FloatImage, lq: FloatImage, detail: number): FloatImage {
  checkDetail(detail);
  if (detail === 1) return restored;
  if (detail > 1) return applyLumaDetailGain(restored, { gain: 1 + (detail - 1) * SHARPEN.gainPerUnit, levels: SHARPEN.levels });
  const bicubic = resizePlanar(lq.data, 3, lq.height, lq.width, restored.height, restored.width, 'bicubic');
  const out = new Float32Array(restored.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = bicubic[i]! + detail * (restored.data[i]! - bicubic[i]!);
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return { ...restored, data: out };
}
