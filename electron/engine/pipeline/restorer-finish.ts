// What a restorer pack does to each decoded tile, in the final image and in the previews alike (so
// previews look like the result they lead to): detail transfer (the restorer's fine detail over the
// decoder's coarse bands), then the luma detail gain, each where the manifest turns it on.
import type { PackManifest } from '../pack/manifest-schema.ts';
import type { FloatImage } from '../types.ts';
import { bandWeightedTransfer, detailTransfer } from './detail-transfer.ts';
import { applyLumaDetailGain } from './luma-detail-gain.ts';

export function finishRestoredTile(decoded: FloatImage, restored: FloatImage, restorer: NonNullable<PackManifest['restorer']>): FloatImage {
  const transferred = restorer.detailBandWeights
    ? bandWeightedTransfer(decoded, restored, restorer.detailBandWeights)
    : restorer.detailLevels
      ? detailTransfer(decoded, restored, restorer.detailLevels, restorer.detailIn)
      : decoded;
  return restorer.lumaDetailGain ? applyLumaDetailGain(transferred, restorer.lumaDetailGain) : transferred;
}
