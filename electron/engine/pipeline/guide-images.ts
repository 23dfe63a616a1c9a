// What a tile's decoder fuses (docs/pack-format.md, "Restoration branch"): the LQ tile itself, which the
// decoder upsamples inside, or, in a pack with a restorer, the restorer's ×upscale output of the tile.
// The restorer runs tile by tile, after the tile's first preview: its full-resolution activations are
// the largest of the pipeline (so one tile at a time), and the first preview never waits for it
// (until the restorer's output exists, the tile's preview is its input upscaled: preview.ts inputPreview).
import type * as ort from 'onnxruntime-node';
import type { PackManifest } from '../pack/manifest-schema.ts';
import type { FloatImage } from '../types.ts';
import { floatData, floatTensor } from '../runtime/tensors.ts';
import { graph, type PackGraphs } from './pack-graphs.ts';
import type { StageTimings } from './timings.ts';

export interface GuideImage {
  /** The graph input it feeds: `lq` (LQ size) or `restored` (output size). */
  input: 'lq' | 'restored';
  image: FloatImage;
  tensor: ort.Tensor;
}

export async function guideImage(lq: FloatImage, manifest: PackManifest, graphs: PackGraphs, timings: StageTimings): Promise<GuideImage> {
  const lqTensor = floatTensor(lq.data, [1, 3, lq.height, lq.width]);
  if (!manifest.restorer) return { input: 'lq', image: lq, tensor: lqTensor };
  const result = await timings.time('restorer', () => graph(graphs, 'restorer').run({ lq: lqTensor }));
  const image: FloatImage = { width: lq.width * manifest.upscale, height: lq.height * manifest.upscale, channels: 3, data: floatData(result.restored!) };
  return { input: 'restored', image, tensor: result.restored! };
}
