// How restored tiles blend into the output (band-blender.ts does the blending): each tile's
// contribution is weighted by a linear ramp across the bands it shares with its neighbours (weight 1
// elsewhere, including at the image border, so edges never fade), and the weighted sum is normalised.
// Where two neighbours ramp over the same band their weights add up to 1, so the cross-fade is
// seamless; the ramps start above 0, so every covered pixel has positive weight.
//
// Memory: one float32 accumulator per channel plus one weight plane, 4·(channels + 1) bytes per
// blended pixel (16 for RGB).

import type { TileRect } from '../types.ts';

/** Ramp widths in output pixels at each edge of a tile; 0 means no fade. */
export interface Feather {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const NO_FEATHER: Feather = { left: 0, right: 0, top: 0, bottom: 0 };

/** Bytes of blender memory per output pixel. */
export function blendBytesPerPixel(channels: number): number {
  return 4 * (channels + 1);
}

/** Width of the band `a` shares with `b` across `a`'s start edge along one axis (0 if none). */
function sharedBefore(aStart: number, bStart: number, bEnd: number): number {
  return bStart < aStart && bEnd > aStart ? bEnd - aStart : 0;
}

function rangesMeet(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/**
 * Which edges of `tile` fade, and over how many output pixels: an edge fades where another tile covers
 * the pixels just inside it, over the band they share capped at `overlap` (the planned overlap; 0 turns
 * fading off). Rects and `overlap` are in the same unit (LQ pixels); `scale` converts to output pixels.
 */
export function featherFor(tile: TileRect, tiles: readonly TileRect[], overlap: number, scale = 1): Feather {
  const right = tile.x + tile.width;
  const bottom = tile.y + tile.height;
  const band = { left: 0, right: 0, top: 0, bottom: 0 };
  for (const other of tiles) {
    if (other === tile) continue;
    const oRight = other.x + other.width;
    const oBottom = other.y + other.height;
    if (rangesMeet(tile.y, bottom, other.y, oBottom)) {
      band.left = Math.max(band.left, Math.min(sharedBefore(tile.x, other.x, oRight), tile.width));
      // Mirror image: `other` starts inside `tile` and runs past its right edge.
      if (other.x > tile.x && other.x < right && oRight > right) band.right = Math.max(band.right, right - other.x);
    }
    if (rangesMeet(tile.x, right, other.x, oRight)) {
      band.top = Math.max(band.top, Math.min(sharedBefore(tile.y, other.y, oBottom), tile.height));
      if (other.y > tile.y && other.y < bottom && oBottom > bottom) band.bottom = Math.max(band.bottom, bottom - other.y);
    }
  }
  const cap = Math.max(0, overlap);
  return {
    left: Math.min(band.left, cap) * scale,
    right: Math.min(band.right, cap) * scale,
    top: Math.min(band.top, cap) * scale,
    bottom: Math.min(band.bottom, cap) * scale,
  };
}

/** Per-pixel weights along one tile axis: linear ramps of the given widths, cell-centred, in (0, 1]. */
export function axisWeights(length: number, start: number, end: number): Float32Array {
  const w = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const up = start > 0 && i < start ? (i + 0.5) / start : 1;
    const j = length - 1 - i;
    const down = end > 0 && j < end ? (j + 0.5) / end : 1;
    w[i] = up * down;
  }
  return w;
}
