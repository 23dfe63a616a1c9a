// Groups of tiles that go through the pipeline together (restore-group.ts): consecutive tiles of one
// size, as many as the memory budget allows for that many passes, and never more than `cap`.
import type { TileRect } from '../types.ts';

/** Beyond this many tiles a batched `step` is no faster per tile (measured on 96 px tiles), only bigger. */
export const MAX_TILE_GROUP = 16;

export interface TileGroupInput {
  budgetBytes: number;
  /** The pack's peak-memory estimate per output pixel of one pass (`runtime.bytesPerOutputPixel`). */
  bytesPerOutputPixel: number;
  upscale: number;
  /** A user's limit on the group size (1 = one tile at a time). */
  cap?: number;
}

/** How many tiles of `tile`'s size fit the budget together, from 1 to the cap. */
export function tileGroupSize(tile: TileRect, input: TileGroupInput): number {
  const passBytes = tile.width * tile.height * input.upscale ** 2 * input.bytesPerOutputPixel;
  const byBudget = Math.floor(input.budgetBytes / passBytes);
  return Math.max(1, Math.min(byBudget, input.cap ?? MAX_TILE_GROUP));
}

/** Splits row-major tiles into runs of at most `size` consecutive tiles of equal size; returns tile indices. */
export function groupTiles(tiles: TileRect[], size: number): number[][] {
  const groups: number[][] = [];
  for (const [index, tile] of tiles.entries()) {
    const last = groups.at(-1);
    const head = last ? tiles[last[0]!]! : undefined;
    if (last && head && last.length < size && head.width === tile.width && head.height === tile.height) last.push(index);
    else groups.push([index]);
  }
  return groups;
}
