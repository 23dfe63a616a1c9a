// How much a result changed the input's middle bands, as a share of the input's own energy there: the
// signal that chooses the wavelet guard's depth per photo. The guard replaces the result's bands from
// `shallow` levels down with the bicubic upscale's. Where the result left those bands about as the
// input had them (a clean photo), the input's are the more faithful and a shallow guard wins; where the
// result changed them a lot, it removed noise or blur there, and a shallow guard would bring it back.
import type { FloatImage } from '../types.ts';
import { forEachBand } from './fidelity-guard.ts';
import { lumaPlane } from './luma.ts';

/** Energy of the à-trous bands `from`..`to − 1` of one plane (overwritten). */
function bandEnergy(plane: Float32Array, w: number, h: number, from: number, to: number): number {
  let energy = 0;
  forEachBand(plane, w, h, to, (j, low, next) => {
    if (j >= from) for (let i = 0; i < low.length; i++) energy += (low[i]! - next[i]!) ** 2;
  });
  return energy;
}

export interface BandChange {
  /** Σ band energy of Y(result) − Y(reference). */
  changed: number;
  /** Σ band energy of Y(reference). */
  reference: number;
}

/** The middle-band change of one tile (bands `from`..`to − 1`), to be summed over tiles. */
export function midBandChange(result: FloatImage, reference: FloatImage, from: number, to: number): BandChange {
  if (result.width !== reference.width || result.height !== reference.height) throw new RangeError('The band change needs two images of one size.');
  const n = result.width * result.height;
  const ref = lumaPlane(reference.data, n);
  const diff = lumaPlane(result.data, n);
  for (let i = 0; i < n; i++) diff[i] = diff[i]! - ref[i]!;
  // bandEnergy overwrites its plane: each plane is read for the last time here.
  return { changed: bandEnergy(diff, result.width, result.height, from, to), reference: bandEnergy(ref, result.width, result.height, from, to) };
}
