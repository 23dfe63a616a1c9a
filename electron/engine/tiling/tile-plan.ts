// Tile planning in LQ pixels. One pass of the pack needs memory proportional to the tile area, so large
// photos are cut into overlapping tiles; small or odd-sized ones are padded instead (edge replication,
// done by the caller), because the latent grid needs sides that are multiples of `input.multiple`.

import { DvarError } from '../errors.ts';
import type { TileRect } from '../types.ts';

export interface TilePlanInput {
  width: number;
  height: number;
  /** Tile sides must be multiples of this (`input.multiple`). */
  multiple: number;
  /** Smallest side a tile may have (`input.minSize`); smaller images are padded up to it. */
  minSize: number;
  /** Side of a full tile. Rounded down to a multiple and raised to the smallest legal tile side. */
  tileSide: number;
  /** Pixels shared by neighbouring tiles (before the last tile of a row/column is shifted back). */
  overlap: number;
  /**
   * Rows each tile also reads below itself and crops after the pass (`runtime.bottomContext`, a multiple
   * of `multiple`): tiles are planned that much shorter, so tile + context stays within `tileSide`.
   */
  bottomContext?: number;
}

export interface TilePlan {
  /** Row-major (top to bottom, left to right). */
  tiles: TileRect[];
  /** Size the image is padded to before cutting; equals the image size on axes longer than a tile. */
  paddedWidth: number;
  paddedHeight: number;
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

function checkPositiveInt(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer, got ${value}.`);
}

/**
 * Tile starts along one axis. An axis no longer than a tile gets one tile over the padded size. A longer
 * one gets the fewest tiles of at most `side` that overlap by at least `overlap`, all the same (smallest
 * legal) size and spread evenly from edge to edge: no tile reads padding, and no work is spent on a last
 * tile shifted back over its neighbour.
 */
function planAxis(size: number, side: number, overlap: number, minSide: number, multiple: number) {
  if (size <= side) {
    const padded = Math.max(roundUp(size, multiple), minSide);
    return { starts: [0], extent: padded, padded };
  }
  const count = Math.ceil((size - overlap) / (side - overlap));
  let extent = Math.max(minSide, roundUp(Math.ceil((size + (count - 1) * overlap) / count), multiple));
  // Starts are whole pixels: make sure rounding a fractional spacing never eats into the overlap.
  while (extent - Math.ceil((size - extent) / (count - 1)) < overlap) extent += multiple;
  const starts = Array.from({ length: count }, (_, i) => Math.floor((i * (size - extent)) / (count - 1)));
  return { starts, extent, padded: size };
}

export function planTiles(input: TilePlanInput): TilePlan {
  const { width, height, multiple, minSize, overlap } = input;
  checkPositiveInt(width, 'Image width');
  checkPositiveInt(height, 'Image height');
  checkPositiveInt(multiple, 'Tile multiple');
  checkPositiveInt(minSize, 'Minimum tile size');
  checkPositiveInt(input.tileSide, 'Tile side');
  const minSide = roundUp(minSize, multiple);
  const side = Math.max(minSide, Math.floor(input.tileSide / multiple) * multiple);
  const context = input.bottomContext ?? 0;
  if (!Number.isSafeInteger(context) || context < 0 || context % multiple !== 0) {
    throw new RangeError(`The bottom context must be a non-negative multiple of ${multiple}, got ${context}.`);
  }
  // Tile height; equals `side` without context, and bounds the overlap on both axes.
  const rows = Math.max(minSide, side - context);
  if (!Number.isSafeInteger(overlap) || overlap < 0 || overlap >= rows) {
    throw new DvarError('USAGE', `The tile overlap must be a whole number of pixels from 0 to ${rows - 1}, got ${overlap}.`);
  }
  const xs = planAxis(width, side, overlap, minSide, multiple);
  const ys = planAxis(height, rows, overlap, minSide, multiple);
  const tiles: TileRect[] = [];
  for (const y of ys.starts) {
    for (const x of xs.starts) tiles.push({ x, y, width: xs.extent, height: ys.extent });
  }
  return { tiles, paddedWidth: xs.padded, paddedHeight: ys.padded };
}

export interface TileBudgetInput {
  budgetBytes: number;
  /** The pack's peak-memory estimate per output pixel of one pass (`runtime.bytesPerOutputPixel`). */
  bytesPerOutputPixel: number;
  upscale: number;
  multiple: number;
  /** Largest LQ tile area the pack is meant for (`runtime.maxTilePixels`). */
  maxTilePixels: number;
  minSize: number;
}

/** Largest integer s with s² · perUnit <= limit (exact check around the float square root). */
function largestSide(limit: number, perUnit: number): number {
  let s = Math.floor(Math.sqrt(limit / perUnit));
  while (s > 0 && s * s * perUnit > limit) s--;
  while ((s + 1) * (s + 1) * perUnit <= limit) s++;
  return s;
}

/**
 * The LQ tile side for a memory budget: the largest multiple of `multiple` whose pass fits
 * (s²·upscale²·bytesPerOutputPixel <= budget) and whose area is within the pack's `maxTilePixels`;
 * never below the smallest legal tile (a tiny budget still restores, just over budget).
 */
export function tileSideForBudget(input: TileBudgetInput): number {
  const { budgetBytes, bytesPerOutputPixel, upscale, multiple, maxTilePixels, minSize } = input;
  if (!(budgetBytes > 0) || !(bytesPerOutputPixel > 0)) {
    throw new RangeError('The memory budget and bytes per output pixel must be positive.');
  }
  checkPositiveInt(upscale, 'Upscale');
  checkPositiveInt(multiple, 'Tile multiple');
  checkPositiveInt(minSize, 'Minimum tile size');
  if (!(maxTilePixels > 0)) throw new RangeError('maxTilePixels must be positive.');
  const byBudget = largestSide(budgetBytes, upscale * upscale * bytesPerOutputPixel);
  const byArea = largestSide(maxTilePixels, 1);
  const side = Math.floor(Math.min(byBudget, byArea) / multiple) * multiple;
  return Math.max(side, roundUp(minSize, multiple));
}
