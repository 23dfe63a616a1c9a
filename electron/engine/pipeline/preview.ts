// Per-scale preview: the current f_hat, area-reduced to a small latent and decoded by the pack's own
// decoder, so users watch the real coarse-to-fine progress at a fraction of a full decode's cost.
// In a restorer pack, once the tile's restorer has run (right after scale 1's preview), later previews
// are decoded from its output and take its detail as the final image does (restorer-finish.ts), so they
// look like the result they lead to instead of a restore of the unrestored LQ. Before that, the tile's
// preview is its input upscaled (inputPreview).
import type { PackManifest } from '../pack/manifest-schema.ts';
import type { FloatImage, PreviewImage } from '../types.ts';
import type { GraphSession } from '../runtime/graph-session.ts';
import { floatData, floatTensor } from '../runtime/tensors.ts';
import { applyFidelityGuard, type FidelityGuard } from './fidelity-guard.ts';
import { resizePlanar } from './resample.ts';
import { finishRestoredTile } from './restorer-finish.ts';

/** The fidelity guard the tile's result gets (restore.ts), which its previews get too, at their size. */
export interface PreviewGuard {
  guard: FidelityGuard;
  /** The wavelet guard's levels at the tile's full output size. */
  levels: number;
}

export function previewLatentSize(hl: number, wl: number, downsample: number, maxSide: number): { hl: number; wl: number } {
  const scale = Math.min(1, maxSide / (downsample * Math.max(hl, wl)));
  return { hl: Math.max(1, Math.round(hl * scale)), wl: Math.max(1, Math.round(wl * scale)) };
}

export function planarToRgb8(data: Float32Array, width: number, height: number): Uint8Array {
  const plane = width * height;
  const out = new Uint8Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const v = data[c * plane + i]!;
      out[i * 3 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return out;
}

export async function renderPreview(
  decoder: GraphSession,
  manifest: PackManifest,
  fHat: Float32Array,
  hl: number,
  wl: number,
  lq: { data: Float32Array; height: number; width: number },
  maxSide: number,
  /** The tile's restorer output at output size, once it exists (restorer packs only). */
  restored?: FloatImage,
  guard?: PreviewGuard,
): Promise<PreviewImage> {
  const d = manifest.latent.downsample;
  const channels = manifest.latent.channels;
  const size = previewLatentSize(hl, wl, d, maxSide);
  const small = size.hl === hl && size.wl === wl ? fHat : resizePlanar(fHat, channels, hl, wl, size.hl, size.wl, 'area');
  const feeds: Record<string, ReturnType<typeof floatTensor>> = { f_hat: floatTensor(small, [1, channels, size.hl, size.wl]) };
  // The guide image the decoder fuses, at this preview's size (null for a pack without LQ fusion).
  let guide: FloatImage | null = null;
  if (manifest.decoder.lqFusion) {
    // LQ pixels for `lq`; output pixels for a restorer pack's `restored`, fed with the restorer's own
    // output (restore-group.ts shows inputPreview before it exists; the upsampled LQ here only when a
    // caller asks for a decode without it).
    const isRestorer = manifest.restorer !== null;
    const per = isRestorer ? d : d / manifest.upscale;
    const source = isRestorer && restored ? restored : lq;
    guide = resized(source, size.hl * per, size.wl * per);
    feeds[isRestorer ? 'restored' : 'lq'] = floatTensor(guide.data, [1, 3, guide.height, guide.width]);
  }
  const out = await decoder.run(feeds);
  const height = size.hl * d;
  const width = size.wl * d;
  let image: FloatImage = { width, height, channels: 3, data: floatData(out.image!) };
  if (restored && guide && manifest.restorer) image = finishRestoredTile(image, guide, manifest.restorer);
  // The result's low frequencies are the input's (the guard); without it a preview shows the tokens' own
  // tones, which a transformer trained through the guard need not keep. One level fewer per halving keeps
  // the guard's reach the same share of the tile.
  if (guard) image = applyFidelityGuard(guard.guard, image, resized(lq, height, width), Math.max(1, guard.levels - Math.round(Math.log2(wl / size.wl))));
  return { width, height, data: planarToRgb8(image.data, width, height) };
}

/**
 * A restorer pack's preview of a tile whose restorer has not run yet: the tile's input resized to the
 * size renderPreview gives the same tile (bicubic when growing). Decoding scale 1's one token map over
 * the upsampled LQ instead, in place of the restorer's output the decoder fuses, gives a colour cast and
 * row streaks (test/engine/pipeline/preview-frames.test.ts), and that preview stays on screen for the
 * whole restorer run, most of a restore's time. This one costs a resize, not a decode.
 */
export function inputPreview(input: FloatImage, hl: number, wl: number, manifest: PackManifest, maxSide: number): PreviewImage {
  const d = manifest.latent.downsample;
  const size = previewLatentSize(hl, wl, d, maxSide);
  const image = resized(input, size.hl * d, size.wl * d);
  return { width: image.width, height: image.height, data: planarToRgb8(image.data, image.width, image.height) };
}

/** `image` at `height` × `width`: area when shrinking, bicubic when growing (LQ tiles of small photos). */
function resized(image: { data: Float32Array; height: number; width: number }, height: number, width: number): FloatImage {
  if (height === image.height && width === image.width) return { width, height, channels: 3, data: image.data };
  const mode = height > image.height || width > image.width ? 'bicubic' : 'area';
  return { width, height, channels: 3, data: resizePlanar(image.data, 3, image.height, image.width, height, width, mode) };
}
