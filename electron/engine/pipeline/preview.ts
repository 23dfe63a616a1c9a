// Per-scale preview: the current f_hat, area-reduced to a small latent and decoded by the pack's own
// decoder, so users watch the real coarse-to-fine progress at a fraction of a full decode's cost.
import type { PackManifest } from '../pack/manifest-schema.ts';
import type { PreviewImage } from '../types.ts';
import type { GraphSession } from '../runtime/graph-session.ts';
import { floatData, floatTensor } from '../runtime/tensors.ts';
import { resizePlanar } from './resample.ts';

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
): Promise<PreviewImage> {
  const d = manifest.latent.downsample;
  const channels = manifest.latent.channels;
  const size = previewLatentSize(hl, wl, d, maxSide);
  const small = size.hl === hl && size.wl === wl ? fHat : resizePlanar(fHat, channels, hl, wl, size.hl, size.wl, 'area');
  const feeds: Record<string, ReturnType<typeof floatTensor>> = { f_hat: floatTensor(small, [1, channels, size.hl, size.wl]) };
  if (manifest.decoder.lqFusion) {
    // The LQ at the size the decoder's guide input has at this preview size: LQ pixels for `lq`; output
    // pixels for a restorer pack's `restored`, which previews feed with the upsampled LQ so that the
    // first preview never waits for the restorer (guide-images.ts).
    const restored = manifest.restorer !== null;
    const per = restored ? d : d / manifest.upscale;
    const gh = size.hl * per;
    const gw = size.wl * per;
    const mode = gh > lq.height || gw > lq.width ? 'bicubic' : 'area';
    const small = gh === lq.height && gw === lq.width ? lq.data : resizePlanar(lq.data, 3, lq.height, lq.width, gh, gw, mode);
    feeds[restored ? 'restored' : 'lq'] = floatTensor(small, [1, 3, gh, gw]);
  }
  const out = await decoder.run(feeds);
  const height = size.hl * d;
  const width = size.wl * d;
  return { width, height, data: planarToRgb8(floatData(out.image!), width, height) };
}
