// A preview region: a rectangle of the photo restored on its own, with the same options as the whole
// photo, so a photographer sees the result on a detail in seconds before committing to every pixel.
// The crop happens after decoding (orientation applied), in the pixels the renderer shows.
import { DvarError } from '../engine/definitions.ts';
import type { DecodedImage } from '../image-files/index.ts';
import { cropPlanar } from '../engine/definitions.ts';

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function cropDecoded(decoded: DecodedImage, region: Region): DecodedImage {
  const { width, height } = decoded.rgb;
  const { x, y, width: w, height: h } = region;
  const whole = [x, y, w, h].every(Number.isInteger);
  if (!whole || x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
    throw new DvarError('INPUT_INVALID', `The preview region ${w}×${h} at (${x}, ${y}) is not inside the ${width}×${height} photo.`);
  }
  let alpha: Float32Array | null = null;
  if (decoded.alpha) {
    alpha = new Float32Array(w * h);
    for (let row = 0; row < h; row++) alpha.set(decoded.alpha.subarray((y + row) * width + x, (y + row) * width + x + w), row * w);
  }
  return { ...decoded, rgb: cropPlanar(decoded.rgb, x, y, w, h), alpha };
}
