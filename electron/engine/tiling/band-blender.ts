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
  /** Output row held at row 0 of the buffers; every row above it has been taken. */
  private top = 0;
  /** Rows the buffers hold from `top` on (tiles added so far reach `top + held`). */
  private held = 0;
  private capacity = 0;
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

  /** Makes rows up to `end` (exclusive, output rows) part of the band, growing the buffers if needed. */
  private reach(end: number): void {
    const need = end - this.top;
    if (need <= this.held) return;
    if (need > this.capacity) {
      const sum = new Float32Array(this.channels * need * this.width);
      const weight = new Float32Array(need * this.width);
      const rowValues = this.held * this.width;
      for (let c = 0; c < this.channels; c++) {
        sum.set(this.sum.subarray(c * this.capacity * this.width, c * this.capacity * this.width + rowValues), c * need * this.width);
      }
      weight.set(this.weight.subarray(0, rowValues));
      this.sum = sum;
      this.weight = weight;
      this.capacity = need;
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
      const row = (y - this.top) * this.width;
      for (let x = x0; x < x1; x++) {
        const tx = x - rx;
        const w = rowWeight * wx[tx]!;
        const p = row + x;
        this.weight[p] += w;
        const t = ty * tw + tx;
        for (let c = 0; c < this.channels; c++) this.sum[c * plane + p] += w * tile[c * tilePlane + t]!;
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
    const data = new Float32Array(this.channels * rows * W);
    for (let p = 0; p < rows * W; p++) {
      const w = this.weight[p]!;
      const inv = w > 0 ? 1 / w : 0;
      for (let c = 0; c < this.channels; c++) data[c * rows * W + p] = this.sum[c * plane + p]! * inv;
    }
    // Shift the rows still open to the front and clear what they leave behind.
    const kept = (this.held - rows) * W;
    for (let c = 0; c < this.channels; c++) {
      const base = c * plane;
      this.sum.copyWithin(base, base + rows * W, base + this.held * W);
      this.sum.fill(0, base + kept, base + this.held * W);
    }
    this.weight.copyWithin(0, rows * W, this.held * W);
    this.weight.fill(0, kept, this.held * W);
    const band: BlendedBand = { y: this.top, rows, data };
    this.top = end;
    this.held -= rows;
    return band;
  }
}
