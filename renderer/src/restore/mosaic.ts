// The live restore as one picture: where each tile's preview goes on a canvas of the whole photo.
// Plain geometry, no DOM, so it is tested on its own (test/renderer/mosaic.test.ts).
import type { PixelRect } from '../../../electron/ipc/contract.ts';

export interface Size {
  width: number;
  height: number;
}

/** drawImage's nine-argument form: the source rectangle in the preview, the target on the canvas. */
export interface DrawRect {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  dx: number;
  dy: number;
  dw: number;
  dh: number;
}

/** A rectangle of an image, in that image's pixels (drawImage's source rectangle). */
export interface SourceRect {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

/** A preview region: its rectangle in the photo, and the photo's size. */
export interface Crop {
  region: PixelRect;
  photo: Size;
}

/**
 * The part of the original (a picture of the whole photo at any size) that lies under the live canvas:
 * all of it, or for a preview region only that region, so the canvas starts from the input being
 * restored wherever no tile has a preview yet.
 */
export function originalSourceRect(original: Size, crop: Crop | null): SourceRect {
  if (!crop) return { sx: 0, sy: 0, sw: original.width, sh: original.height };
  const kx = original.width / crop.photo.width;
  const ky = original.height / crop.photo.height;
  return { sx: crop.region.x * kx, sy: crop.region.y * ky, sw: crop.region.width * kx, sh: crop.region.height * ky };
}

/** Longest side of the live canvas: sharp in the panel on a HiDPI screen, cheap to draw into. */
export const MOSAIC_MAX_SIDE = 1024;

/** The canvas for a photo: its aspect ratio, longest side `maxSide` (small photos are upsampled). */
export function mosaicSize(image: Size, maxSide = MOSAIC_MAX_SIDE): Size {
  const scale = maxSide / Math.max(image.width, image.height, 1);
  return { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) };
}

/**
 * Where a tile's preview (which covers the whole tile, `tile` in input pixels) lands on a canvas of
 * the whole photo, clipped to the photo: tiles of small photos reach into padding past its edges.
 * Null when nothing of the tile is inside the photo.
 */
export function tileDrawRect(tile: PixelRect, image: Size, preview: Size, canvas: Size): DrawRect | null {
  const x0 = Math.max(tile.x, 0);
  const y0 = Math.max(tile.y, 0);
  const x1 = Math.min(tile.x + tile.width, image.width);
  const y1 = Math.min(tile.y + tile.height, image.height);
  if (x1 <= x0 || y1 <= y0 || tile.width <= 0 || tile.height <= 0) return null;
  const px = preview.width / tile.width; // preview pixels per input pixel
  const py = preview.height / tile.height;
  const cx = canvas.width / image.width; // canvas pixels per input pixel
  const cy = canvas.height / image.height;
  return {
    sx: (x0 - tile.x) * px,
    sy: (y0 - tile.y) * py,
    sw: (x1 - x0) * px,
    sh: (y1 - y0) * py,
    dx: x0 * cx,
    dy: y0 * cy,
    dw: (x1 - x0) * cx,
    dh: (y1 - y0) * cy,
  };
}
