// The engine's own seeded PRNG. Math.random cannot be seeded, and a restore must be reproducible from
// (seed, pack, options) on every platform, so this uses only 32-bit integer ops (Math.imul, >>>),
// which JavaScript defines bit-exactly. Generator: xoshiro128** (Blackman & Vigna), small and fast.
// Streams: `forkPrng(seed, tile)` hashes the seed with the tile's index in the plan into a fresh state,
// so every tile draws from its own stream and neither the order tiles run in nor how they are batched
// can change the result. A tile's scales share its stream, coarsest first, one draw per token.

export interface Prng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number;
}

const GOLDEN = 0x9e3779b9;

/** A bijective 32-bit mixer with strong avalanche (Wellons' "lowbias32"), for seeding only. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export class Xoshiro128 implements Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Starts from an explicit 128-bit state (not all zero). Prefer `forkPrng` for seeding. */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero.');
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  nextFloat(): number {
    // 27 + 26 bits, the usual way to fill a double's mantissa from two 32-bit draws.
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

/** Splits a safe integer into its low and high 32-bit words (two's complement for negatives). */
function words(value: number, what: string): [number, number] {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}.`);
  return [value >>> 0, Math.floor(value / 4294967296) >>> 0];
}

/**
 * An independent stream for (seed, ...streamIds). Two 32-bit lanes absorb every word (and the count, so
 * `(s)` and `(s, 0)` differ), giving 64 bits of stream identity; a splitmix-style expansion fills the
 * 128-bit state.
 */
export function forkPrng(seed: number, ...streamIds: number[]): Prng {
  const input = [...words(seed, 'Seed'), ...streamIds.flatMap((id) => words(id, 'Stream id')), streamIds.length];
  let a = 0x6a09e667;
  let b = 0xbb67ae85;
  for (const w of input) {
    a = mix32(a ^ w);
    b = mix32((b + Math.imul(w ^ a, GOLDEN)) | 0);
  }
  return new Xoshiro128(mix32((a + GOLDEN) | 0), mix32((b + GOLDEN) | 0), mix32((a + 2 * GOLDEN) | 0), mix32((b + 2 * GOLDEN) | 0));
}

/** The root stream of a seed. */
export function createPrng(seed: number): Prng {
  return forkPrng(seed);
}
