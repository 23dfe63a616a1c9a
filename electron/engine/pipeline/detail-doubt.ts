// Detail doubt of a tile: how far the tile's result moved from the plain bicubic upscale of its input, in
// luma, as one value per cell of the latent grid (the finest scale's tokens, the grid the confidence
// overlay already reads). That gap is the detail the pipeline made up; on the dev lists the output is
// most often wrong exactly there (bench/results/confidence-truth.md), while the last scale's token
// entropy points the other way (high in flat sky and skin, where any code decodes alike). Cheap: the
// wavelet guard already makes the bicubic reference of every tile.
import type { EntropyMap, FloatImage } from '../types.ts';
import { LUMA } from './luma.ts';

/** Mean |Y(a) − Y(b)| over each of `grid`'s cells (the tile split evenly; a cell spans whole pixels). */
export function lumaGapMap(a: FloatImage, b: FloatImage, grid: { width: number; height: number }): EntropyMap {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError('The detail doubt needs two images of one size.');
  const { width: w, height: h } = a;
  if (!(Number.isInteger(grid.width) && Number.isInteger(grid.height) && grid.width >= 1 && grid.height >= 1 && grid.width <= w && grid.height <= h)) {
    throw new RangeError('The doubt grid must fit the tile.');
  }
  const n = w * h;
  const sum = new Float64Array(grid.width * grid.height);
  const count = new Uint32Array(grid.width * grid.height);
  for (let y = 0; y < h; y++) {
    const row = Math.floor((y * grid.height) / h) * grid.width;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let gap = 0;
      for (let c = 0; c < 3; c++) gap += LUMA[c]! * (a.data[c * n + i]! - b.data[c * n + i]!);
      const cell = row + Math.floor((x * grid.width) / w);
      sum[cell] = sum[cell]! + Math.abs(gap);
      count[cell]!++;
    }
  }
  return { width: grid.width, height: grid.height, data: Float32Array.from(sum, (s, i) => s / count[i]!) };
}
