// Per-scale preview: the current f_hat, area-reduced to a small latent and decoded by the pack's own
// decoder, so users watch the real coarse-to-fine progress at a fraction of a full decode's cost.
import type { PackManifest } from '../pack/manifest-schema.ts';
import type { PreviewImage } from '../types.ts';
import type { GraphSession } from '../runtime/graph-session.ts';
import { floatData, floatTensor } from '../runtime/tensors.ts';
import { resizePlanar } from './resample.ts';
import type { GuideImage } from './guide-images.ts';

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
  guide: Pick<GuideImage, 'input' | 'image'>,
  maxSide: number,
): Promise<PreviewImage> {
  const d = manifest.latent.downsample;
  const channels = manifest.latent.channels;
  const size = previewLatentSize(hl, wl, d, maxSide);
  const small = size.hl === hl && size.wl === wl ? fHat : resizePlanar(fHat, channels, hl, wl, size.hl, size.wl, 'area');
  const feeds: Record<string, ReturnType<typeof floatTensor>> = { f_hat: floatTensor(small, [1, channels, size.hl, size.wl]) };
  if (manifest.decoder.lqFusion) {
    // The guide at the preview's size: LQ pixels for `lq`, output pixels for a restorer's `restored`.
    const per = guide.input === 'lq' ? d / manifest.upscale : d;
    const gh = size.hl * per;
    const gw = size.wl * per;
    const { data, height, width } = guide.image;
    const small = gh === height && gw === width ? data : resizePlanar(data, 3, height, width, gh, gw, 'area');
    feeds[guide.input] = floatTensor(small, [1, 3, gh, gw]);
  }
  const out = await decoder.run(feeds);
  const height = size.hl * d;
  const width = size.wl * d;
  return { width, height, data: planarToRgb8(floatData(out.image!), width, height) };
}
