// Luma detail gain for packs with a restorer (docs/pack-format.md, "Restoration branch"): the bands of
// the tile's luma finer than `levels` levels of the guard's à-trous low-pass are multiplied by `gain`,
//   Y += (gain − 1) · (Y − low_levels(Y)),
// the same amount added to R, G and B, so colour does not move. Why: the restored tile is softer than
// the photo it stands for (default pack v0.5.0: mean gradient 0.62 / 0.75 of the originals' on the dev
// lists); raising the restored bands' amplitude brings local contrast back, which the default pack's
// card measures against PSNR-Y and SSIM-Y. Runs on the tile before the detail strength and the guard,
// so detail 0 is still the plain bicubic upscale and the guard still anchors tones to the input.
// The photographer's detail strength above 1 sharpens with the same step, in any pack (detail-strength.ts).
// PyTorch twin: models/dvar/restorer/detail_transfer.py (luma_detail_gain).
import type { FloatImage } from '../types.ts';
import { lowPassPlane } from './fidelity-guard.ts';
import { addToEveryChannel, lumaPlane } from './luma.ts';

export interface LumaDetailGain {
  gain: number;
  levels: number;
}

export function applyLumaDetailGain(image: FloatImage, { gain, levels }: LumaDetailGain): FloatImage {
  if (gain === 1) return image;
  const { width: w, height: h } = image;
  const n = w * h;
  const luma = lumaPlane(image.data, n);
  const low = luma.slice();
  lowPassPlane(low, w, h, levels);
  const boost = gain - 1;
  for (let i = 0; i < n; i++) luma[i] = boost * (luma[i]! - low[i]!);
  return { ...image, data: addToEveryChannel(image.data, luma, n) };
}
