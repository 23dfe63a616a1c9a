// What a tile's decoder fuses (docs/pack-format.md, "Restoration branch"): the LQ tile itself, which the
// decoder upsamples inside, or, in a pack with a restorer, the restorer's ×upscale output of the tile. The restorer runs tile by tile, not batched: its full-resolution
// activations are the largest of the pipeline, and convolutions this size keep the cores busy anyway.
import type * as ort from 'onnxruntime-node';
import type { PackManifest } from '../pack/manifest-schema.ts';
import type { FloatImage } from '../types.ts';
import { throwIfAborted } from '../errors.ts';
import { floatData, floatTensor } from '../runtime/tensors.ts';
import { graph, type PackGraphs } from './pack-graphs.ts';
import type { StageTimings } from './timings.ts';

export interface GuideImage {
  /** The graph input it feeds: `lq` (LQ size) or `restored` (output size). */
  input: 'lq' | 'restored';
  image: FloatImage;
  tensor: ort.Tensor;
}

function guide(input: GuideImage['input'], image: FloatImage): GuideImage {
  return { input, image, tensor: floatTensor(image.data, [1, 3, image.height, image.width]) };
}

export async function guideImages(
  lqs: FloatImage[],
  manifest: PackManifest,
  graphs: PackGraphs,
  timings: StageTimings,
  signal?: AbortSignal,
): Promise<GuideImage[]> {
  if (!manifest.restorer) return lqs.map((lq) => guide('lq', lq));
  const out: GuideImage[] = [];
  for (const lq of lqs) {
    throwIfAborted(signal);
    const result = await timings.time('restorer', () =>
      graph(graphs, 'restorer').run({ lq: floatTensor(lq.data, [1, 3, lq.height, lq.width]) }),
    );
    const height = lq.height * manifest.upscale;
    const width = lq.width * manifest.upscale;
    out.push(guide('restored', { width, height, channels: 3, data: floatData(result.restored!) }));
  }
  return out;
}
