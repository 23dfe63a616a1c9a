// The confidence-truth figure: one photo's LQ input (pixels ×4), the restored output, its luma error
// against the original, and confidence overlays over the output drawn as the app draws its own
// (heatPixels stretched smoothly at the Restore view's opacity), side by side with a caption over each.
import sharp from 'sharp';
import type { EntropyMap, FloatImage } from '../../electron/engine/index.ts';
import { heatPixels } from '../../electron/jobs/confidence-heat.ts';
import { toRgb8 } from './images.ts';
import { stretchGrid } from './confidence-signals.ts';

const OVERLAY_OPACITY = 0.85; // renderer/src/restore/ResultPanel.svelte, img.heat
const CAPTION = 22;
const GAP = 6;

export interface FigureInput {
  title: string;
  lq: FloatImage;
  output: FloatImage;
  /** |ΔY| per output pixel, 0..1. */
  error: Float32Array;
  /** Uncertainty grids (entropy-like: higher = less sure), each drawn as an overlay panel. */
  overlays: { caption: string; cells: EntropyMap }[];
}

function nearestUp(image: FloatImage, W: number, H: number): Buffer {
  const rgb = toRgb8(image);
  const out = Buffer.alloc(3 * W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const s = Math.floor((y * image.height) / H) * image.width + Math.floor((x * image.width) / W);
      for (let c = 0; c < 3; c++) out[3 * (y * W + x) + c] = rgb[3 * s + c]!;
    }
  }
  return out;
}

/** Error as a black → red → yellow → white ramp; 0.3 (77 levels of 255) and more is white. */
function errorPixels(error: Float32Array): Buffer {
  const out = Buffer.alloc(3 * error.length);
  for (let i = 0; i < error.length; i++) {
    const v = Math.min(1, error[i]! / 0.3) * 3;
    out[3 * i] = Math.round(255 * Math.min(1, v));
    out[3 * i + 1] = Math.round(255 * Math.min(1, Math.max(0, v - 1)));
    out[3 * i + 2] = Math.round(255 * Math.min(1, Math.max(0, v - 2)));
  }
  return out;
}

function overlaid(output: FloatImage, cells: EntropyMap): Buffer {
  const { width: W, height: H } = output;
  const heat = heatPixels(cells);
  const plane = (c: number) =>
    stretchGrid(
      Float32Array.from({ length: cells.data.length }, (_, i) => heat[4 * i + c]!),
      cells.width,
      cells.height,
      W,
      H,
    );
  const [r, g, b, a] = [0, 1, 2, 3].map(plane);
  const out = toRgb8(output);
  for (let i = 0; i < W * H; i++) {
    const alpha = (a![i]! / 255) * OVERLAY_OPACITY;
    const over = [r![i]!, g![i]!, b![i]!];
    for (let c = 0; c < 3; c++) out[3 * i + c] = Math.round(out[3 * i + c]! * (1 - alpha) + over[c]! * alpha);
  }
  return out;
}

export async function confidenceFigure(path: string, f: FigureInput): Promise<void> {
  const { width: W, height: H } = f.output;
  const panels = [
    { caption: 'LQ input (×4 nearest)', rgb: nearestUp(f.lq, W, H) },
    { caption: 'DVAR output', rgb: toRgb8(f.output) },
    { caption: '|error| vs original (luma)', rgb: errorPixels(f.error) },
    ...f.overlays.map((o) => ({ caption: o.caption, rgb: overlaid(f.output, o.cells) })),
  ];
  const width = panels.length * W + (panels.length + 1) * GAP;
  const height = H + CAPTION * 2 + GAP * 2;
  const text = (x: number, y: number, s: string, size: number) =>
    `<text x="${x}" y="${y}" font-family="sans-serif" font-size="${size}" fill="#222">${s}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${text(GAP, 17, f.title, 15)}${panels.map((p, i) => text(GAP + i * (W + GAP), CAPTION + 17, p.caption, 13)).join('')}</svg>`;
  await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([
      { input: Buffer.from(svg), top: 0, left: 0 },
      ...panels.map((p, i) => ({ input: p.rgb, raw: { width: W, height: H, channels: 3 as const }, top: CAPTION * 2 + GAP, left: GAP + i * (W + GAP) })),
    ])
    .png()
    .toFile(path);
}
