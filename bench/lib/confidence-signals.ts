// Per-pixel "the model may be wrong here" maps of one restore, on the output's pixel grid, for
// bench/confidence-truth.ts. The first is the app's own overlay (electron/jobs: the last scale's token
// entropy, scaled by its 98th percentile and stretched smoothly over the result); the others are
// candidate signals that cost little at inference. Each comes back as an uncertainty plane (higher =
// less sure) and is turned into a confidence in [0, 1] the way the overlay scales entropy.
import type { EntropyMap } from '../../electron/engine/index.ts';
import { heatScale } from '../../electron/jobs/confidence-heat.ts';
import { lowPassPlane } from '../../electron/engine/pipeline/fidelity-guard.ts';

/** Bilinear stretch of a grid over `outW`×`outH` pixels (pixel centres aligned, edges clamped), like a browser's smoothed <img>. */
export function stretchGrid(grid: Float32Array, gw: number, gh: number, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(gh - 1, Math.max(0, ((y + 0.5) * gh) / outH - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(gh - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < outW; x++) {
      const sx = Math.min(gw - 1, Math.max(0, ((x + 0.5) * gw) / outW - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(gw - 1, x0 + 1);
      const fx = sx - x0;
      const top = grid[y0 * gw + x0]! * (1 - fx) + grid[y0 * gw + x1]! * fx;
      const bottom = grid[y1 * gw + x0]! * (1 - fx) + grid[y1 * gw + x1]! * fx;
      out[y * outW + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** Uncertainty scaled like the overlay's heat (by its own 98th percentile, clamped), as a confidence: 1 − heat. */
export function confidenceOf(uncertainty: Float32Array): Float32Array {
  const scale = heatScale({ width: uncertainty.length, height: 1, data: uncertainty });
  return Float32Array.from(uncertainty, (u) => 1 - Math.min(1, Math.max(0, u / scale)));
}

/** The app's overlay per output pixel: the whole-photo entropy map's cells heat-scaled, then stretched. */
export function overlayConfidence(map: EntropyMap, outW: number, outH: number): Float32Array {
  const scale = heatScale(map);
  const heat = Float32Array.from(map.data, (e) => Math.min(1, Math.max(0, e / scale)));
  return Float32Array.from(stretchGrid(heat, map.width, map.height, outW, outH), (v) => 1 - v);
}

/** Every token's entropy (nats) of the temperature-1 softmax of its logits: `logits` is [n, V]. */
export function tokenEntropies(logits: Float32Array, n: number, V: number): Float32Array {
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let m = -Infinity;
    for (let j = 0; j < V; j++) m = Math.max(m, logits[r * V + j]!);
    let s = 0;
    let q = 0;
    for (let j = 0; j < V; j++) {
      const z = logits[r * V + j]! - m;
      const e = Math.exp(z);
      s += e;
      q += e * z;
    }
    out[r] = Math.max(0, Math.log(s) - q / s);
  }
  return out;
}

/** |a − b| low-passed over `levels` à-trous levels (the fidelity guard's filter): where two images disagree. */
export function disagreement(a: Float32Array, b: Float32Array, w: number, h: number, levels: number): Float32Array {
  const d = Float32Array.from(a, (v, i) => Math.abs(v - b[i]!));
  lowPassPlane(d, w, h, levels);
  return d;
}

/** Sobel gradient magnitude of a plane, low-passed over `levels` levels: how much texture is there. */
export function gradientEnergy(plane: Float32Array, w: number, h: number, levels: number): Float32Array {
  const at = (x: number, y: number) => plane[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))]!;
  const g = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const gx = at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x - 1, y) - at(x - 1, y + 1);
      const gy = at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x, y - 1) - at(x + 1, y - 1);
      g[y * w + x] = Math.hypot(gx, gy);
    }
  }
  lowPassPlane(g, w, h, levels);
  return g;
}

/** The top `rows` rows of a row-major plane `w` wide (a tile's context rows cropped off). */
export function topRows(plane: Float32Array, w: number, rows: number): Float32Array {
  return plane.slice(0, w * rows);
}
