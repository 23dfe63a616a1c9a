// Screenshot comparisons for the compare view: mean absolute difference over a region.
import sharp from 'sharp';

export interface RawImage {
  width: number;
  height: number;
  data: Buffer;
}

export async function decodePng(png: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** Mean |a - b| per channel value (0..255) over columns [x0, x1) and rows [y0, y1). */
export function meanDiff(a: RawImage, b: RawImage, x0: number, x1: number, y0: number, y1: number): number {
  let sum = 0;
  let count = 0;
  for (let y = Math.max(0, y0); y < Math.min(a.height, y1); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(a.width, Math.ceil(x1)); x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 3 + c;
        sum += Math.abs(a.data[i]! - b.data[i]!);
        count++;
      }
    }
  }
  return count ? sum / count : 0;
}
