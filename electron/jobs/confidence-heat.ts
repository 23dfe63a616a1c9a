// Renders a confidence map (confidence-map.ts) as a translucent heat image to lay over the result:
// clear where the result stays close to the input, through amber to red where the model added the most
// detail (and is most often wrong). Values are scaled by the map's own 98th percentile, so the overlay
// shows where in this photo the model was least sure (an absolute scale would be one colour for most photos).
import sharp from 'sharp';
import type { EntropyMap } from '../engine/definitions.ts';

export function heatScale(map: EntropyMap): number {
  const sorted = Float32Array.from(map.data).sort();
  const top = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.98))] ?? 0;
  return top > 0 ? top : 1;
}

/** RGBA, 4 bytes per cell: hue from yellow (sure) to red (guessing), alpha growing with entropy. */
export function heatPixels(map: EntropyMap): Uint8Array {
  const scale = heatScale(map);
  const out = new Uint8Array(map.data.length * 4);
  for (let i = 0; i < map.data.length; i++) {
    const v = Math.min(1, Math.max(0, map.data[i]! / scale));
    out[4 * i] = 255;
    out[4 * i + 1] = Math.round(220 * (1 - v));
    out[4 * i + 2] = 0;
    out[4 * i + 3] = Math.round(200 * v);
  }
  return out;
}

export async function heatPngDataUrl(map: EntropyMap): Promise<string> {
  const png = await sharp(heatPixels(map), { raw: { width: map.width, height: map.height, channels: 4 } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
