// Detail strength, the photographer's "fidelity ↔ detail" control: how much of what the model added
// to a tile is kept. The tile becomes bicubic + detail × (restored − bicubic): 1 is the pack's output
// unchanged, 0 the plain bicubic upscale of the input (nothing invented), values between fade the
// model's detail linearly, so pixels move monotonically with the setting and deterministically.
// The fidelity guard (applied after, restore.ts) anchors low frequencies to the same bicubic image,
// so with the wavelet guard this scales exactly the high-frequency detail the model contributed.
import type { FloatImage } from '../types.ts';
import { DvarError } from '../errors.ts';
import { resizePlanar } from './resample.ts';

export const DEFAULT_DETAIL = 1;

export function checkDetail(detail: number): void {
  if (!(detail >= 0 && detail <= 1)) throw new DvarError('USAGE', 'The detail strength must be between 0 and 1.');
}

/** `lq` is the tile the model restored; `restored` its output at upscale × its size. */
export function applyDetailStrength(restored: FloatImage, lq: FloatImage, detail: number): FloatImage {
  checkDetail(detail);
  if (detail === 1) return restored;
  const bicubic = resizePlanar(lq.data, 3, lq.height, lq.width, restored.height, restored.width, 'bicubic');
  const out = new Float32Array(restored.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = bicubic[i]! + detail * (restored.data[i]! - bicubic[i]!);
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return { ...restored, data: out };
}
