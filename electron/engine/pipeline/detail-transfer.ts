// Detail transfer for packs with a restorer (docs/pack-format.md, "Restoration branch"): the tile's
// output keeps the restorer's fine detail and takes the decoder's coarser structure, the decoder's
// image low-passed with the fidelity guard's own filter over `restorer.detailLevels` levels. The
// decoder's image alone is smoother than the restorer's; its coarse bands are the more faithful.
// `restorer.detailIn` says which channels take them: all three (`rgb`), or luma alone (`luma`), the
// colour staying the restorer's, whose colour near strong edges is the cleaner (no pink or green tints
// on white; default pack, dev list 2: chroma PSNR 40.5 → 43.5 dB, luma unchanged).
// PyTorch twin: models/dvar/restorer/detail_transfer.py.
import type { FloatImage } from '../types.ts';
import { clampUnit, forEachBand, lowPassPlane, swapLowPass } from './fidelity-guard.ts';
import { addToEveryChannel, LUMA } from './luma.ts';

/** The channels that can take the decoder's bands: the one list the manifest schema reads. */
export const DETAIL_SPACES = ['rgb', 'luma'] as const;
export type DetailSpace = (typeof DETAIL_SPACES)[number];

/** Y(decoded) − Y(restored), one plane. */
function lumaDifference(decoded: FloatImage, restored: FloatImage): Float32Array {
  if (decoded.width !== restored.width || decoded.height !== restored.height) {
    throw new RangeError('Detail transfer needs two images of one size.');
  }
  const n = decoded.width * decoded.height;
  const luma = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    const k = LUMA[c]!;
    for (let i = 0; i < n; i++) luma[i] = luma[i]! + k * (decoded.data[c * n + i]! - restored.data[c * n + i]!);
  }
  return luma;
}

/**
 * restored + Σ_j weights[j] · band_j(Y(decoded) − Y(restored)) on R, G and B alike, band j being the
 * à-trous band low_j − low_j+1 of the guard's filter. With weights (0, 0, 1, 1, …) this comes close to the
 * luma detail transfer above once the guard anchors the coarsest bands; weights fitted on the dev lists
 * (models/dvar/restorer/band_fit.py) let the decoder correct each band as far as it is the more faithful.
 */
export function bandWeightedTransfer(decoded: FloatImage, restored: FloatImage, weights: readonly number[]): FloatImage {
  const { width: w, height: h } = decoded;
  const n = w * h;
  const sum = new Float32Array(n);
  forEachBand(lumaDifference(decoded, restored), w, h, weights.length, (j, low, next) => {
    const weight = weights[j]!;
    if (weight !== 0) for (let i = 0; i < n; i++) sum[i] = sum[i]! + weight * (low[i]! - next[i]!);
  });
  return { ...decoded, data: addToEveryChannel(restored.data, sum, n) };
}

export function detailTransfer(decoded: FloatImage, restored: FloatImage, levels: number, space: DetailSpace = 'rgb'): FloatImage {
  if (levels === 0) return decoded;
  if (space === 'rgb') return { ...decoded, data: clampUnit(swapLowPass(restored, decoded, levels)) };
  const { width: w, height: h } = decoded;
  const n = w * h;
  // restored + low(Y(decoded) − Y(restored)): one plane low-passed instead of three.
  const luma = lumaDifference(decoded, restored);
  lowPassPlane(luma, w, h, levels);
  return { ...decoded, data: addToEveryChannel(restored.data, luma, n) };
}
