// The whole-image blender the engine used before it streamed bands (electron/engine/tiling/band-blender.ts):
// kept as the plain reference the band blender must match bit for bit. Test code only.
import { axisWeights, NO_FEATHER, type Feather } from '../../../electron/engine/tiling/blend.ts';
import type { TileRect } from '../../../electron/engine/types.ts';

export class TileBlender {
  private readonly sum: Float32Array;
  private readonly weight: Float32Array;
  private done = false;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly channels: number,
  ) {
    if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1 || channels < 1) {
      throw new RangeError(`Bad blend target ${width}×${height}×${channels}.`);
    }
    this.sum = new Float32Array(channels * width * height);
    this.weight = new Float32Array(width * height);
  }

  /**
   * Adds a planar tile (`channels × rect.height × rect.width`) at `rect` (output pixels). Parts outside
   * the output are ignored, so tiles over padding can be added as they are.
   */
  add(tile: Float32Array, rect: TileRect, feather: Feather = NO_FEATHER): void {
    if (this.done) throw new Error('TileBlender.add after result()');
    const { x: rx, y: ry, width: tw, height: th } = rect;
    if (tile.length !== this.channels * tw * th) {
      throw new RangeError(`Tile has ${tile.length} values, expected ${this.channels}×${th}×${tw}.`);
    }
    const wx = axisWeights(tw, feather.left, feather.right);
    const wy = axisWeights(th, feather.top, feather.bottom);
    const x0 = Math.max(0, rx);
    const x1 = Math.min(this.width, rx + tw);
    const y0 = Math.max(0, ry);
    const y1 = Math.min(this.height, ry + th);
    const plane = this.width * this.height;
    const tilePlane = tw * th;
    for (let y = y0; y < y1; y++) {
      const ty = y - ry;
      const rowWeight = wy[ty]!;
      for (let x = x0; x < x1; x++) {
        const tx = x - rx;
        const w = rowWeight * wx[tx]!;
        const p = y * this.width + x;
        this.weight[p]! += w;
        const t = ty * tw + tx;
        for (let c = 0; c < this.channels; c++) this.sum[c * plane + p]! += w * tile[c * tilePlane + t]!;
      }
    }
  }

  /** The blended planar image (normalised in place; pixels no tile covered are 0). Ends the blend. */
  result(): Float32Array {
    if (!this.done) {
      this.done = true;
      const plane = this.width * this.height;
      for (let p = 0; p < plane; p++) {
        const w = this.weight[p]!;
        const inv = w > 0 ? 1 / w : 0;
        for (let c = 0; c < this.channels; c++) this.sum[c * plane + p]! *= inv;
      }
    }
    return this.sum;
  }

  /** Smallest accumulated weight over the image (tests and diagnostics: > 0 means full coverage). */
  minWeight(): number {
    let m = Infinity;
    for (const w of this.weight) if (w < m) m = w;
    return m;
  }
}
