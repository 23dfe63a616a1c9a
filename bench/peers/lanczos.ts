// sharp's lanczos3 ×4 resize: the cheapest peer, on the same float input as the others.
import sharp from 'sharp';
import { rawSharp } from '../lib/images.ts';
import type { PeerUpscaler } from './upscalerjs.ts';

export function lanczos3(threads: number): PeerUpscaler {
  sharp.concurrency(threads);
  return {
    name: 'lanczos3',
    runtime: `sharp (libvips) lanczos3, ${threads} thread${threads === 1 ? '' : 's'} (sharp.concurrency)`,
    threads,
    async upscale(image) {
      const { data } = await rawSharp(image)
        .resize(image.width * 4, image.height * 4, { kernel: 'lanczos3' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const n = image.width * image.height * 16;
      const planar = new Float32Array(3 * n);
      for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) planar[c * n + i] = data[i * 3 + c]! / 255;
      return { width: image.width * 4, height: image.height * 4, channels: 3, data: planar };
    },
  };
}
