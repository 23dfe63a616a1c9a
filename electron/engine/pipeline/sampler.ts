// Token sampling from the `step` graph's logits, with VAR's filtering semantics, classifier-free
// guidance and an optional entropy readout (the progress UI's mean, the confidence overlay's per-token
// map; off, greedy is a bare argmax and sampling skips the entropy sums). It runs on the CPU for every token of every
// scale (up to ~20k tokens × V = 4096 logits per scale), so each path avoids full sorts: greedy is one
// pass, top-k is a quickselect, top-p is a mass-weighted quickselect.

import { DvarError } from '../errors.ts';
import type { SamplingOptions } from '../types.ts';
import type { Prng } from './prng.ts';

export type SamplerOptions = Pick<SamplingOptions, 'strategy' | 'temperature' | 'topK' | 'topP'>;

/** What entropy to compute: none, the scale's mean, or the mean and every token's value. */
export type EntropyReadout = 'off' | 'mean' | 'map';

export interface SampleInput {
  /** Conditional logits, [n, V] row-major. */
  logits: Float32Array;
  /** Unconditional logits [n, V] (guidance batch row 1); combined as `(1 + t)·cond − t·uncond`. */
  uncond?: Float32Array;
  /** Guidance weight t (see `cfgWeight`); ignored without `uncond`. */
  guidance?: number;
  tokens: number;
  vocab: number;
  options: SamplerOptions;
  /** This tile's stream, which its scales continue in order: one draw per token, in token order. */
  prng: Prng;
  /** Default `mean`. Never changes which tokens are chosen, nor the PRNG draws. */
  entropy?: EntropyReadout;
}

export interface SampleResult {
  indices: BigInt64Array;
  /** Mean over tokens of the entropy (nats) of the distribution sampled from; NaN when `entropy` is off. */
  meanEntropy: number;
  /** Every token's entropy (nats), in token order; only when `entropy` is `map`. */
  tokenEntropy?: Float32Array;
}

/** Guidance ramps linearly over scales: t = cfg·k0/(K − 1) for 0-based scale k0; a 1-scale pack gets cfg. */
export function cfgWeight(cfg: number, scaleIndex0: number, numScales: number): number {
  if (numScales <= 1) return cfg;
  return (cfg * scaleIndex0) / (numScales - 1);
}

export function sampleTokens(input: SampleInput): SampleResult {
  const { logits, uncond, tokens: n, vocab: V, options, prng } = input;
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(V) || n < 0 || V < 1) {
    throw new RangeError(`Bad logits shape ${n}×${V}.`);
  }
  if (logits.length !== n * V || (uncond && uncond.length !== n * V)) {
    throw new RangeError(`Logits have ${logits.length}${uncond ? `/${uncond.length}` : ''} values, expected ${n}×${V}.`);
  }
  const t = uncond ? (input.guidance ?? 0) : 0;
  const greedy = options.strategy === 'greedy';
  if (!greedy && !(options.temperature > 0)) {
    throw new DvarError('USAGE', `Sampling temperature must be greater than 0, got ${options.temperature}.`);
  }

  const readout = input.entropy ?? 'mean';
  const withEntropy = readout !== 'off';
  const tokenEntropy = readout === 'map' ? new Float32Array(n) : undefined;
  const z = new Float64Array(V);
  const state = new SamplerScratch(V);
  const indices = new BigInt64Array(n);
  let entropySum = 0;
  for (let r = 0; r < n; r++) {
    // Guided logits; NaN (a broken graph) must not poison comparisons, so it becomes −∞.
    const base = r * V;
    for (let j = 0; j < V; j++) {
      let v = logits[base + j]!;
      if (uncond) v = (1 + t) * v - t * uncond[base + j]!;
      z[j] = Number.isNaN(v) ? -Infinity : v;
    }
    if (greedy && !withEntropy) {
      indices[r] = BigInt(argmax(z));
      continue;
    }
    const pick = greedy ? greedyPick(z) : samplePick(z, options, state, prng, withEntropy);
    indices[r] = BigInt(pick.index);
    entropySum += pick.entropy;
    if (tokenEntropy) tokenEntropy[r] = pick.entropy;
  }
  const meanEntropy = !withEntropy ? NaN : n > 0 ? entropySum / n : 0;
  return tokenEntropy ? { indices, meanEntropy, tokenEntropy } : { indices, meanEntropy };
}

/** First index of the largest value, as greedyPick chooses it (−∞ everywhere: index 0). */
function argmax(z: Float64Array): number {
  let m = -Infinity;
  let index = 0;
  for (let j = 0; j < z.length; j++) {
    if (z[j]! > m) {
      m = z[j]!;
      index = j;
    }
  }
  return index;
}

interface TokenPick {
  index: number;
  entropy: number;
}

/**
 * Argmax (first on ties, like torch) plus the temperature-1 softmax entropy, in one pass: an online
 * log-sum-exp keeps S = Σ e^(z−m) and Q = Σ e^(z−m)·z against the running max m, so H = m + ln S − Q/S.
 */
function greedyPick(z: Float64Array): TokenPick {
  let m = -Infinity;
  let index = 0;
  let s = 0;
  let q = 0;
  for (let j = 0; j < z.length; j++) {
    const v = z[j]!;
    if (v > m) {
      if (s > 0) {
        const f = Math.exp(m - v); // rescale the sums to the new max
        s *= f;
        q *= f;
      }
      m = v;
      index = j;
    }
    if (v === -Infinity) continue;
    const e = Math.exp(v - m);
    s += e;
    q += e * v;
  }
  // All −∞ (or a +∞ logit holding all the mass): the choice is certain.
  if (!Number.isFinite(m) || !(s > 0)) return { index, entropy: 0 };
  return { index, entropy: Math.max(0, m + Math.log(s) - q / s) };
}

/** Reused per-call buffers, so the per-token loop allocates nothing. */
class SamplerScratch {
  readonly select: Float64Array;
  readonly kept: Int32Array;
  readonly weight: Float64Array;
  constructor(V: number) {
    this.select = new Float64Array(V);
    this.kept = new Int32Array(V);
    this.weight = new Float64Array(V);
  }
}

function samplePick(logits: Float64Array, options: SamplerOptions, s: SamplerScratch, prng: Prng, withEntropy: boolean): TokenPick {
  const V = logits.length;
  const invT = 1 / options.temperature;
  let m = -Infinity;
  let argmax = 0;
  for (let j = 0; j < V; j++) {
    const v = logits[j]! * invT;
    logits[j] = v;
    if (v > m) {
      m = v;
      argmax = j;
    }
  }
  const draw = prng.nextFloat(); // one draw per token whatever path is taken: streams stay aligned
  if (!Number.isFinite(m)) return { index: argmax, entropy: 0 };

  // Top-k: keep logits >= the k-th largest (ties at the threshold all stay, as in VAR).
  const k = Math.floor(options.topK);
  let count = 0;
  if (k > 0 && k < V) {
    s.select.set(logits);
    const threshold = kthLargest(s.select, k);
    for (let j = 0; j < V; j++) if (logits[j]! >= threshold) s.kept[count++] = j;
  } else {
    for (let j = 0; j < V; j++) s.kept[count++] = j;
  }

  let total = 0;
  for (let i = 0; i < count; i++) {
    const j = s.kept[i]!;
    const e = Math.exp(logits[j]! - m);
    s.weight[j] = e;
    total += e;
  }

  // Top-p (VAR): sorted ascending, drop tokens whose cumulative probability is <= 1 − p, keep the max.
  // Equivalently, walking down from the largest, keep a token while the mass above it is < p·total.
  const p = options.topP;
  if (p > 0 && p < 1 && count > 1) count = nucleus(logits, s, count, p * total);

  let kept = 0;
  let q = 0;
  for (let i = 0; i < count; i++) {
    const j = s.kept[i]!;
    const e = s.weight[j]!;
    if (e === 0) continue; // a −∞ logit kept by a tie at the top-k threshold: 0·(−∞) would be NaN
    kept += e;
    if (withEntropy) q += e * (logits[j]! - m);
  }
  const target = draw * kept;
  let acc = 0;
  let index = s.kept[count - 1]!;
  for (let i = 0; i < count; i++) {
    acc += s.weight[s.kept[i]!]!;
    if (acc > target) {
      index = s.kept[i]!;
      break;
    }
  }
  return { index, entropy: withEntropy ? Math.max(0, Math.log(kept) - q / kept) : 0 };
}

/**
 * Reduces `s.kept[0..count)` to the nucleus: in descending logit order, a token stays while the mass of
 * the tokens before it is < `massLimit`. A mass-weighted quickselect finds that cut in expected O(count)
 * without ordering the kept tokens: each round splits the undecided range into >, = and < the pivot and
 * either narrows into the > part (the cut lies there) or accepts it and walks the = part.
 * Returns the new count; the kept tokens end up (unordered) in `s.kept[0..count)`.
 */
function nucleus(logits: Float64Array, s: SamplerScratch, count: number, massLimit: number): number {
  const idx = s.kept;
  const w = s.weight;
  let lo = 0; // idx[0..lo) are kept, `above` is their mass, and all outrank the undecided idx[lo..hi)
  let hi = count; // idx[hi..count) are dropped
  let above = 0;
  while (lo < hi) {
    if (above >= massLimit) return lo; // the max is never dropped: above = 0 when lo = 0
    const a = logits[idx[lo]!]!;
    const b = logits[idx[(lo + hi) >>> 1]!]!;
    const c = logits[idx[hi - 1]!]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i < gt) {
      const v = logits[idx[i]!]!;
      if (v > pivot) swap(idx, lt++, i++);
      else if (v < pivot) swap(idx, i, --gt);
      else i++;
    }
    let greater = 0;
    for (let k = lo; k < lt; k++) greater += w[idx[k]!]!;
    if (above + greater >= massLimit) {
      hi = lt; // everything from the pivot down has at least massLimit before it
      continue;
    }
    above += greater;
    for (let k = lt; k < gt; k++) {
      if (above >= massLimit) return k;
      above += w[idx[k]!]!;
    }
    lo = gt;
  }
  return lo;
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** The k-th largest value (1-based) by in-place quickselect (Hoare partition, median-of-three pivot). */
export function kthLargest(a: Float64Array, k: number): number {
  const target = k - 1;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const w = a[hi]!;
    const pivot = x < y ? (y < w ? y : x < w ? w : x) : x < w ? x : y < w ? w : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    // Now a[lo..j] >= pivot >= a[i..hi] and everything strictly between equals the pivot.
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}
