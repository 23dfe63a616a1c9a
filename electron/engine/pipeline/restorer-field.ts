// The restorer's output over the whole photo, computed window by window and handed to each DVAR tile
// as its guide (guide-images.ts). DVAR's tiles are small (the size its transformer was trained for) and
// overlap, with context rows below: run on each of them, the restorer saw every LQ pixel ~1.6 times.
// Here it runs on larger windows of the same padded photo the tiles read (pad-crop.ts), each window
// `pad` pixels wider than the core it is kept for, the way Real-ESRGAN tiles with context: ~1.15–1.3
// times the pixels, and neighbouring DVAR tiles get guides that agree exactly where they overlap.
// Windows are computed when the first tile needs them and dropped after the last one has read them,
// so a band of about two window rows is held, whatever the photo's size.
import type { FloatImage, TileRect } from '../types.ts';
import { cropPadded } from '../tiling/pad-crop.ts';

/** Core side of a restorer window in LQ pixels: ~5 % cheaper per pixel than 96 px, +200 MB of activations. */
export const RESTORER_WINDOW = 128;
/** LQ pixels of context on each side of a core (Real-ESRGAN's own tiling uses 10). */
export const RESTORER_PAD = 8;

export interface RestorerFieldInput {
  /** The photo; windows read it padded as the tiles do (rows below mirrored, columns repeated). */
  image: FloatImage;
  /** The area the tiles read, from the top-left corner: padded width × (padded height + context). */
  width: number;
  height: number;
  /** Every tile's pass rectangle, in the order guides will be asked for. */
  passes: TileRect[];
  upscale: number;
  /** Core side; a value at least the area's size runs the restorer once on the whole area. */
  window?: number;
  pad?: number;
  /** Runs the restorer (and anything applied before it) on an LQ window; returns upscale × its size. */
  restore: (lq: FloatImage) => Promise<FloatImage>;
}

interface Span {
  /** Core, kept from this window. */
  start: number;
  end: number;
  /** Window read, core plus pad clipped to the area. */
  from: number;
  to: number;
}

/** Cores of about `side` covering [0, size) evenly, each with its padded window. */
function spans(size: number, side: number, pad: number): Span[] {
  const count = Math.max(1, Math.ceil(size / side));
  const out: Span[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.round((i * size) / count);
    const end = Math.round(((i + 1) * size) / count);
    out.push({ start, end, from: Math.max(0, start - pad), to: Math.min(size, end + pad) });
  }
  return out;
}

function overlapping(list: Span[], start: number, end: number): number[] {
  return list.flatMap((s, i) => (s.start < end && s.end > start ? [i] : []));
}

export class RestorerField {
  readonly #input: RestorerFieldInput;
  readonly #rows: Span[];
  readonly #cols: Span[];
  /** Index of the last pass that reads each window (row-major window index). */
  readonly #lastReader = new Map<number, number>();
  readonly #windows = new Map<number, Promise<FloatImage>>();
  #windowsRun = 0;
  #pixelsRun = 0;

  constructor(input: RestorerFieldInput) {
    this.#input = input;
    const side = input.window ?? RESTORER_WINDOW;
    const pad = input.pad ?? RESTORER_PAD;
    this.#rows = spans(input.height, side, pad);
    this.#cols = spans(input.width, side, pad);
    input.passes.forEach((pass, index) => {
      for (const w of this.#windowsOf(pass)) this.#lastReader.set(w, index);
    });
  }

  /** Windows run so far and the LQ pixels they read (for tests and benchmarks). */
  get work(): { windows: number; pixels: number } {
    return { windows: this.#windowsRun, pixels: this.#pixelsRun };
  }

  /** Windows held now. */
  get held(): number {
    return this.#windows.size;
  }

  #windowsOf(pass: TileRect): number[] {
    const rows = overlapping(this.#rows, pass.y, pass.y + pass.height);
    const cols = overlapping(this.#cols, pass.x, pass.x + pass.width);
    return rows.flatMap((r) => cols.map((c) => r * this.#cols.length + c));
  }

  #window(index: number): Promise<FloatImage> {
    let window = this.#windows.get(index);
    if (!window) {
      const row = this.#rows[Math.floor(index / this.#cols.length)]!;
      const col = this.#cols[index % this.#cols.length]!;
      const lq = cropPadded(this.#input.image, col.from, row.from, col.to - col.from, row.to - row.from);
      this.#windowsRun++;
      this.#pixelsRun += lq.width * lq.height;
      window = this.#input.restore(lq);
      this.#windows.set(index, window);
    }
    return window;
  }

  /**
   * The restorer's output for pass `index` (upscale × its size), cut from the cores of the windows it
   * overlaps. Passes must be asked for in order; windows no later pass reads are dropped after.
   */
  async guideFor(index: number): Promise<FloatImage> {
    const pass = this.#input.passes[index]!;
    const up = this.#input.upscale;
    const width = pass.width * up;
    const height = pass.height * up;
    const out = new Float32Array(3 * width * height);
    for (const w of this.#windowsOf(pass)) {
      const row = this.#rows[Math.floor(w / this.#cols.length)]!;
      const col = this.#cols[w % this.#cols.length]!;
      const image = await this.#window(w);
      // The part of this window's core inside the pass, in output pixels.
      const x0 = Math.max(col.start, pass.x) * up;
      const x1 = Math.min(col.end, pass.x + pass.width) * up;
      const y0 = Math.max(row.start, pass.y) * up;
      const y1 = Math.min(row.end, pass.y + pass.height) * up;
      const plane = image.width * image.height;
      for (let c = 0; c < 3; c++) {
        for (let y = y0; y < y1; y++) {
          const src = c * plane + (y - row.from * up) * image.width + (x0 - col.from * up);
          out.set(image.data.subarray(src, src + x1 - x0), c * width * height + (y - pass.y * up) * width + (x0 - pass.x * up));
        }
      }
    }
    for (const w of this.#windowsOf(pass)) if (this.#lastReader.get(w)! <= index) this.#windows.delete(w);
    return { width, height, channels: 3, data: out };
  }
}
