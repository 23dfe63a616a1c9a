// Blends restored tiles like TileBlender (blend.ts), but holds only the band of output rows that tiles
// still reach: once every tile that touches a row has been added, `take` normalises the finished rows,
// hands them out and forgets them. Tiles arrive in row-major order, so the band is about two tile rows
// high whatever the image height, and an output of any size is blended in bounded memory. Each pixel
// sums the same weighted values in the same order, and is normalised with the same arithmetic, as in
// TileBlender, so the pixels are bit-identical.
import type { TileRect } from '../types.ts';
import { axisWeights, NO_FEATHER, type Feather } from './blend.ts';

/** Finished output rows: planar `channels × rows × width`, starting at output row `y`. */
export interface BlendedBand {
  y: number;
  rows: number;
  data: Float32Array;
}

export class BandBlender {
  /** Output row held at buffer row `offset`; every row above it has been taken. */
  private top = 0;
  /** Rows the buffers hold from `top` on (tiles added so far reach `top + held`). */
  private held = 0;
  /** Buffer row of `top`: taking rows only moves it, and rows are moved back only when space runs out. */
  private offset = 0;
  private capacity = 0;
  // Invariant: every buffer row outside [offset, offset + held) is zero.
  private sum = new Float32Array(0);
  private weight = new Float32Array(0);

  constructor(
    readonly width: number,
    readonly height: number,
    readonly channels: number,
  ) {
    if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1 || channels < 1) {
      throw new RangeError(`Bad blend target ${width}×${height}×${channels}.`);
    }
  }

  /** The first output row not yet taken. */
  get nextRow(): number {
    return this.top;
  }

  /** Rows held in memory right now (tests and the memory estimate). */
  get heldRows(): number {
    return this.held;
  }

  /** Makes rows up to `end` (exclusive, output rows) part of the band, moving or growing the buffers if needed. */
  private reach(end: number): void {
    const need = end - this.top;
    if (need <= this.held) return;
    if (this.offset + need > this.capacity) {
      const W = this.width;
      const capacity = Math.max(need, this.capacity);
      const sum = capacity === this.capacity ? this.sum : new Float32Array(this.channels * capacity * W);
      const weight = capacity === this.capacity ? this.weight : new Float32Array(capacity * W);
      const from = this.offset * W;
      const to = (this.offset + this.held) * W;
      for (let c = 0; c < this.channels; c++) {
        const base = c * this.capacity * W;
        sum.set(this.sum.subarray(base + from, base + to), c * capacity * W);
        if (sum === this.sum) this.sum.fill(0, base + Math.max(from, this.held * W), base + to);
      }
      weight.set(this.weight.subarray(from, to));
      if (weight === this.weight) this.weight.fill(0, Math.max(from, this.held * W), to);
      this.sum = sum;
      this.weight = weight;
      this.capacity = capacity;
      this.offset = 0;
    }
    this.held = need;
  }

  /**
   * Adds a planar tile (`channels × rect.height × rect.width`) at `rect` (output pixels); parts outside
   * the output are ignored. The tile must not reach rows already taken.
   */
  add(tile: Float32Array, rect: TileRect, feather: Feather = NO_FEATHER): void {
    const { x: rx, y: ry, width: tw, height: th } = rect;
    if (tile.length !== this.channels * tw * th) {
      throw new RangeError(`Tile has ${tile.length} values, expected ${this.channels}×${th}×${tw}.`);
    }
    const x0 = Math.max(0, rx);
    const x1 = Math.min(this.width, rx + tw);
    const y0 = Math.max(0, ry);
    const y1 = Math.min(this.height, ry + th);
    if (y0 >= y1 || x0 >= x1) return;
    if (y0 < this.top) throw new RangeError(`A tile reaches output row ${y0}, but rows above ${this.top} were already taken.`);
    this.reach(y1);
    const wx = axisWeights(tw, feather.left, feather.right);
    const wy = axisWeights(th, feather.top, feather.bottom);
    const plane = this.capacity * this.width;
    const tilePlane = tw * th;
    for (let y = y0; y < y1; y++) {
      const ty = y - ry;
      const rowWeight = wy[ty]!;
      const row = (this.offset + y - this.top) * this.width;
      for (let x = x0; x < x1; x++) {
        const tx = x - rx;
        const w = rowWeight * wx[tx]!;
        const p = row + x;
        this.weight[p]! += w;
        const t = ty * tw + tx;
        for (let c = 0; c < this.channels; c++) this.sum[c * plane + p]! += w * tile[c * tilePlane + t]!;
      }
    }
  }

  /**
   * Normalises and hands out the rows above `until` (capped at the image height) that were not taken
   * yet, or null when there are none. The caller promises no later tile reaches them. Rows no tile
   * covered are 0.
   */
  take(until: number): BlendedBand | null {
    const end = Math.min(until, this.height);
    const rows = end - this.top;
    if (rows <= 0) return null;
    this.reach(end); // rows no tile reached yet become zeros, as in TileBlender
    const W = this.width;
    const plane = this.capacity * W;
    const first = this.offset * W;
    const data = new Float32Array(this.channels * rows * W);
    for (let p = 0; p < rows * W; p++) {
      const w = this.weight[first + p]!;
      const inv = w > 0 ? 1 / w : 0;
      for (let c = 0; c < this.channels; c++) data[c * rows * W + p] = this.sum[c * plane + first + p]! * inv;
    }
    // The taken rows are cleared for reuse; the band now starts below them.
    for (let c = 0; c < this.channels; c++) this.sum.fill(0, c * plane + first, c * plane + first + rows * W);
    this.weight.fill(0, first, first + rows * W);
    const band: BlendedBand = { y: this.top, rows, data };
    this.top = end;
    this.offset += rows;
    this.held -= rows;
    return band;
  }
}
