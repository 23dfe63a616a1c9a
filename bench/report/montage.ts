// A grid of same-place crops, one row per dev image and one column per method (LQ shown with nearest
// neighbour), with a header row of labels, composed with sharp.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';

export interface MontageColumn {
  label: string;
  /** File suffix: NNN-<suffix>.png; `lq` is cropped at ¼ scale. */
  suffix: string;
}

const HEADER = 28;
const GAP = 4;

async function cell(folder: string, stem: string, suffix: string, crop: number, size: number): Promise<Buffer> {
  const hq = await sharp(join(folder, `${stem}-hq.png`)).metadata();
  const side = Math.min(crop, hq.width, hq.height);
  const [left, top] = [Math.floor((hq.width - side) / 2), Math.floor((hq.height - side) / 2)];
  const path = join(folder, `${stem}-${suffix}.png`);
  if (!existsSync(path))
    return sharp({ create: { width: size, height: size, channels: 3, background: '#ddd' } })
      .png()
      .toBuffer();
  const f = suffix === 'lq' ? 4 : 1;
  const region = { left: Math.floor(left / f), top: Math.floor(top / f), width: Math.floor(side / f), height: Math.floor(side / f) };
  return sharp(path).removeAlpha().extract(region).resize(size, size, { kernel: 'nearest' }).png().toBuffer();
}

function label(text: string, width: number): Buffer {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEADER}"><text x="${width / 2}" y="19" font-family="DejaVu Sans, sans-serif" font-size="14" text-anchor="middle">${escaped}</text></svg>`,
  );
}

export async function montage(folder: string, stems: string[], columns: MontageColumn[], out: string, crop = 96, size = 192): Promise<void> {
  const width = columns.length * (size + GAP) + GAP;
  const height = HEADER + stems.length * (size + GAP) + GAP;
  const parts: OverlayOptions[] = columns.map((c, i) => ({ input: label(c.label, size), left: GAP + i * (size + GAP), top: 0 }));
  for (const [row, stem] of stems.entries()) {
    for (const [i, c] of columns.entries()) {
      parts.push({ input: await cell(folder, stem, c.suffix, crop, size), left: GAP + i * (size + GAP), top: HEADER + row * (size + GAP) });
    }
  }
  await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(parts)
    .png()
    .toFile(out);
}
