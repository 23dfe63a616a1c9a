// Detail transfer for packs with a restorer (docs/pack-format.md, "Restoration branch"): the tile's
// output keeps the restorer's fine detail and takes the decoder's coarser structure, the decoder's
// image low-passed with the fidelity guard's own filter over `restorer.detailLevels` levels. The
// decoder's image alone is smoother than the restorer's; its coarse bands are the more faithful.
// PyTorch twin: models/dvar/restorer/detail_transfer.py.
import type { FloatImage } from '../types.ts';
import { clampUnit, swapLowPass } from './fidelity-guard.ts';

export function detailTransfer(decoded: FloatImage, restored: FloatImage, levels: number): FloatImage {
  if (levels === 0) return decoded;
  return { ...decoded, data: clampUnit(swapLowPass(restored, decoded, levels)) };
}
