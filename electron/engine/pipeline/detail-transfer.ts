// Detail transfer for packs with a restorer (docs/pack-format.md, "Restoration branch"): the tile's
// output keeps the restorer's fine detail and takes the decoder's coarser structure, the decoder's
// image low-passed with the fidelity guard's own filter over `restorer.detailLevels` levels. The
// decoder's image alone is smoother than the restorer's; its coarse bands are the more faithful.
// `restorer.detailIn` says which channels take them: all three (`rgb`), or luma alone (`luma`), the
// colour staying the restorer's, whose colour near strong edges is the cleaner (no pink or green tints
// on white; default pack, dev list 2: chroma PSNR 40.5 → 43.5 dB, luma unchanged).
// PyTorch twin: models/dvar/restorer/detail_transfer.py.
import type { FloatImage } from '../types.ts';
import { clampUnit, lowPassPlane, swapLowPass } from './fidelity-guard.ts';
import { addToEveryChannel, LUMA } from './luma.ts';

/** The channels that can take the decoder's bands: the one list the manifest schema reads. */
export const DETAIL_SPACES = ['rgb', 'luma'] as const;
export type DetailSpace = (typeof DETAIL_SPACES)[number];

export function detailTransfer(decoded: FloatImage, restored: FloatImage, levels: number, space: DetailSpace = 'rgb'): FloatImage {
  if (levels === 0) return decoded;
  if (space === 'rgb') return { ...decoded, data: clampUnit(swapLowPass(restored, decoded, levels)) };
  if (decoded.width !== restored.width || decoded.height !== restored.height) {
    throw new RangeError('Detail transfer needs two images of one size.');
  }
  const { width: w, height: h } = decoded;
  const n = w * h;
  // restored + low(Y(decoded) − Y(restored)): one plane low-passed instead of three.
  const luma = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    const k = LUMA[c]!;
    for (let i = 0; i < n; i++) luma[i] = luma[i]! + k * (decoded.data[c * n + i]! - restored.data[c * n + i]!);
  }
  lowPassPlane(luma, w, h, levels);
  return { ...decoded, data: addToEveryChannel(restored.data, luma, n) };
}
