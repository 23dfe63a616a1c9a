// The preview region on the original: a rectangle of photo pixels that is restored on its own in
// seconds. It starts as a square of about a quarter of the photo's shorter side around a point (at least
// 64 pixels, never more than the photo); the photographer then moves it, or resizes it from a corner.
// Every change keeps it inside the photo and between MIN_SIDE and MAX_SIDE on each side, so a preview
// of every preset stays a matter of seconds and still shows texture and faces.
import type { PixelRect } from '../../../electron/ipc/contract.ts';

export interface Size {
  width: number;
  height: number;
}

/** Smallest side a region may be resized to (photo pixels), unless the photo itself is smaller. */
export const MIN_SIDE = 32;
/** Largest side: a 512 × 512 crop is 16 × the pixels of a 128 px one, still seconds per preset. */
export const MAX_SIDE = 512;

/** The corner a resize handle sits at: its opposite corner stays where it is. */
export type Corner = 'nw' | 'ne' | 'sw' | 'se';
export const CORNERS: readonly Corner[] = ['nw', 'ne', 'sw', 'se'];

const clamp = (v: number, low: number, high: number) => Math.min(Math.max(v, low), high);

/** The region's side limits on one axis of a photo `extent` pixels long. */
function sideLimits(extent: number): [number, number] {
  return [Math.min(MIN_SIDE, extent), Math.min(MAX_SIDE, extent)];
}

/** A square around (x, y) in photo pixels; `side` keeps a size chosen before (a re-centred region). */
export function regionAround(size: Size, x: number, y: number, side?: { width: number; height: number }): PixelRect {
  const square = Math.min(size.width, size.height, MAX_SIDE, Math.max(64, Math.round(Math.min(size.width, size.height) / 4)));
  const width = clamp(Math.round(side?.width ?? square), ...sideLimits(size.width));
  const height = clamp(Math.round(side?.height ?? square), ...sideLimits(size.height));
  return {
    x: clamp(Math.round(x - width / 2), 0, size.width - width),
    y: clamp(Math.round(y - height / 2), 0, size.height - height),
    width,
    height,
  };
}

/** The region moved by (dx, dy) photo pixels, stopped at the photo's edges. */
export function movedRegion(region: PixelRect, dx: number, dy: number, size: Size): PixelRect {
  return {
    ...region,
    x: clamp(Math.round(region.x + dx), 0, size.width - region.width),
    y: clamp(Math.round(region.y + dy), 0, size.height - region.height),
  };
}

/** The region with its `corner` dragged by (dx, dy) photo pixels; the opposite corner stays put. */
export function resizedRegion(region: PixelRect, corner: Corner, dx: number, dy: number, size: Size): PixelRect {
  const [xs, ys] = [
    resizedSpan(region.x, region.width, corner.endsWith('w'), dx, size.width),
    resizedSpan(region.y, region.height, corner.startsWith('n'), dy, size.height),
  ];
  return { x: xs.start, y: ys.start, width: xs.length, height: ys.length };
}

/** One axis of a resize: `movesStart` when the dragged edge is the left (top) one. */
function resizedSpan(start: number, length: number, movesStart: boolean, delta: number, extent: number): { start: number; length: number } {
  const [low, high] = sideLimits(extent);
  if (movesStart) {
    const end = start + length;
    const newStart = clamp(Math.round(start + delta), Math.max(0, end - high), end - low);
    return { start: newStart, length: end - newStart };
  }
  const newLength = clamp(Math.round(length + delta), low, Math.min(high, extent - start));
  return { start, length: newLength };
}

/** The region in percent of the photo, for an outline drawn over the shown original. */
export function regionStyle(region: PixelRect, size: Size): string {
  return `left:${(region.x / size.width) * 100}%;top:${(region.y / size.height) * 100}%;width:${(region.width / size.width) * 100}%;height:${(region.height / size.height) * 100}%`;
}
