// What a tile's decoder fuses (docs/pack-format.md, "Restoration branch"): the LQ tile itself, which the
// decoder upsamples inside, or, in a pack with a restorer, the restorer's ×upscale output of the tile.
// The restorer runs tile by tile, after the tile's first preview: its full-resolution activations are
// the largest of the pipeline (so one tile at a time), and the first preview never waits for it
// (preview.ts feeds the decoder the upsampled LQ until the restorer's output exists).
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

/** Runs the pack's restorer on `lq`: upscale × its size. */
export async function runRestorer(lq: FloatImage, manifest: PackManifest, graphs: PackGraphs, timings: StageTimings): Promise<FloatImage> {
  const result = await timings.time('restorer', () => graph(graphs, 'restorer').run({ lq: floatTensor(lq.data, [1, 3, lq.height, lq.width]) }));
  return { width: lq.width * manifest.upscale, height: lq.height * manifest.upscale, channels: 3, data: floatData(result.restored!) };
}

/**
 * The guide of tile `lq`: the LQ itself, or for a restorer pack `restored` when the caller has it
 * (restorer-field.ts, the restorer run over larger windows) and the restorer run on the tile otherwise.
 */
export async function guideImage(lq: FloatImage, manifest: PackManifest, graphs: PackGraphs, timings: StageTimings, restored?: FloatImage): Promise<GuideImage> {
  if (!manifest.restorer) return { input: 'lq', image: lq, tensor: floatTensor(lq.data, [1, 3, lq.height, lq.width]) };
  const image = restored ?? (await runRestorer(lq, manifest, graphs, timings));
  return { input: 'restored', image, tensor: floatTensor(image.data, [1, 3, image.height, image.width]) };
}
