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
  /**
   * What one tile's transformer step holds on top of that at its largest scale (`attentionScoreBytes`):
   * the pack's per-pixel estimate covers one tile, whose attention the pack keeps in bounds by its tile
   * area, but a group multiplies the attention too.
   */
  attentionBytes?: number;
  /** A user's limit on the group size (1 = one tile at a time). */
  cap?: number;
}

/** How many tiles of `tile`'s size fit the budget together, from 1 to the cap. */
export function tileGroupSize(tile: TileRect, input: TileGroupInput): number {
  const passBytes = tile.width * tile.height * input.upscale ** 2 * input.bytesPerOutputPixel + (input.attentionBytes ?? 0);
  const byBudget = Math.floor(input.budgetBytes / passBytes);
  return Math.max(1, Math.min(byBudget, input.cap ?? MAX_TILE_GROUP));
}

export interface AttentionShape {
  heads: number;
  /** 'prefix_current': a scale attends to the prefix and itself; 'block_causal': also to every scale before it. */
  attention: string;
}

/**
 * Bytes of the attention scores one tile's `step` holds at its largest scale: heads × queries × keys in
 * float32, twice (the scores and their softmax live together), for each row the tile runs (two with
 * classifier-free guidance). `tokens`: the tile's tokens per scale; the prefix (E_dr's features) has as
 * many as the last scale. A pack with many tokens per tile and few weights spends most of a group's memory
 * here, not in what `bytesPerOutputPixel` counts.
 */
export function attentionScoreBytes(shape: AttentionShape, tokens: number[], rowsPerTile: number): number {
  const prefix = tokens.at(-1) ?? 0;
  let before = 0;
  let most = 0;
  for (const queries of tokens.slice(1)) {
    const keys = prefix + (shape.attention === 'block_causal' ? before : 0) + queries;
    most = Math.max(most, queries * keys);
    before += queries;
  }
  return 2 * 4 * shape.heads * most * rowsPerTile;
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
