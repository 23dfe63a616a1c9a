// A ×4 model run tile by tile the way Upscayl's realesrgan-ncnn-vulkan runs it: tiles of at most `tile`
// LQ pixels, each given `pad` pixels of context on every side (clamped at the image edges) that are
// cropped from its output. Memory stays bounded by one tile whatever the photo's size (x4plus's last
// convolutions on a whole 1000 px input would need gigabytes), and the context hides the seams.
import type { FloatImage } from '../../electron/engine/types.ts';

export interface TileOptions {
  /** Largest tile side in LQ pixels (Upscayl's default for realesrgan-x4plus is 128 on small GPUs). */
  tile: number;
  /** Context read around each tile and cropped after, in LQ pixels (realesrgan-ncnn-vulkan: 10). */
  pad: number;
}

export const UPSCAYL_TILES: TileOptions = { tile: 128, pad: 10 };

function crop(image: FloatImage, x: number, y: number, w: number, h: number): FloatImage {
  const n = image.width * image.height;
  const data = new Float32Array(3 * w * h);
  for (let c = 0; c < 3; c++) {
    for (let row = 0; row < h; row++) {
      const from = c * n + (y + row) * image.width + x;
      data.set(image.data.subarray(from, from + w), c * w * h + row * w);
    }
  }
  return { width: w, height: h, channels: 3, data };
}

/** Runs `model` (LQ → 4× output) on every tile of `image` and assembles the 4× result. */
export async function tiledX4(image: FloatImage, model: (tile: FloatImage) => Promise<FloatImage>, options: TileOptions = UPSCAYL_TILES): Promise<FloatImage> {
  const { width: w, height: h } = image;
  const [W, H] = [4 * w, 4 * h];
  const out = new Float32Array(3 * W * H);
  for (let y0 = 0; y0 < h; y0 += options.tile) {
    for (let x0 = 0; x0 < w; x0 += options.tile) {
      const [x1, y1] = [Math.min(w, x0 + options.tile), Math.min(h, y0 + options.tile)];
      const [px, py] = [Math.max(0, x0 - options.pad), Math.max(0, y0 - options.pad)];
      const input = crop(image, px, py, Math.min(w, x1 + options.pad) - px, Math.min(h, y1 + options.pad) - py);
      const result = await model(input);
      if (result.width !== 4 * input.width || result.height !== 4 * input.height) {
        throw new Error(`a ${input.width}×${input.height} tile came back ${result.width}×${result.height}, not ×4`);
      }
      // Copy the tile's own 4× region, leaving out the context.
      const [ox, oy, ow, oh] = [4 * (x0 - px), 4 * (y0 - py), 4 * (x1 - x0), 4 * (y1 - y0)];
      const rn = result.width * result.height;
      for (let c = 0; c < 3; c++) {
        for (let row = 0; row < oh; row++) {
          const from = c * rn + (oy + row) * result.width + ox;
          out.set(result.data.subarray(from, from + ow), c * W * H + (4 * y0 + row) * W + 4 * x0);
        }
      }
    }
  }
  return { width: W, height: H, channels: 3, data: out };
}
