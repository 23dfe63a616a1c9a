// The detail-confidence map of a whole photo: every tile's detail doubt (the engine's onTileDoubt: how far
// the tile's result moved from the bicubic upscale of its input, one value per token of the finest scale),
// placed where the tile sits in the photo. Low: the result is close to what the input says; high: the
// pipeline added detail there, which is where its output is most often wrong (on held-out dev list 3 the
// least confident tenth of each photo has 5.8× the error of the most confident; the last scale's token
// entropy, used before, pointed the other way: bench/results/confidence-truth.md). Overlapping tiles are
// averaged. One cell is one token of the finest scale (upscale / latent downsample LQ pixels apart).
import type { EntropyMap, ScaleEvent } from '../engine/definitions.ts';

export interface ConfidenceMap extends EntropyMap {
  /** Input pixels per cell side. */
  cell: number;
}

export class ConfidenceMapBuilder {
  private sum: Float64Array | null = null;
  private count: Uint16Array | null = null;
  private cell = 0;
  private cols = 0;
  private rows = 0;

  constructor(
    private readonly imageWidth: number,
    private readonly imageHeight: number,
  ) {}

  /** Takes any scale event; only those carrying a map count. */
  add(event: Pick<ScaleEvent, 'tile' | 'entropyMap'>): void {
    const map = event.entropyMap;
    if (!map) return;
    if (!this.sum) {
      this.cell = event.tile.width / map.width;
      this.cols = Math.ceil(this.imageWidth / this.cell);
      this.rows = Math.ceil(this.imageHeight / this.cell);
      this.sum = new Float64Array(this.cols * this.rows);
      this.count = new Uint16Array(this.cols * this.rows);
    }
    const x0 = Math.round(event.tile.x / this.cell);
    const y0 = Math.round(event.tile.y / this.cell);
    for (let i = 0; i < map.height; i++) {
      const y = y0 + i;
      if (y >= this.rows) break; // context rows and padding below the photo
      for (let j = 0; j < map.width; j++) {
        const x = x0 + j;
        if (x >= this.cols) break;
        this.sum[y * this.cols + x]! += map.data[i * map.width + j]!;
        this.count![y * this.cols + x]!++;
      }
    }
  }

  /** Null when no event carried a map (the job did not ask for one). */
  result(): ConfidenceMap | null {
    if (!this.sum || !this.count) return null;
    const data = new Float32Array(this.sum.length);
    for (let i = 0; i < data.length; i++) data[i] = this.count[i]! > 0 ? this.sum[i]! / this.count[i]! : 0;
    return { width: this.cols, height: this.rows, data, cell: this.cell };
  }
}
