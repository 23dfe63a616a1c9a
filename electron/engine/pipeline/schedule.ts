// The canonical scaling dynamic (docs/pack-format.md): the pack's canonical scale list is rescaled to
// the latent size of each tile. Python and TypeScript must agree to the token, so the rounding is done
// in exact integer arithmetic rather than by rounding a float ratio.

export interface GridSize {
  height: number;
  width: number;
}

/**
 * round(num / den) with ties to the even integer (Python/numpy `round`), exact for safe integers.
 * A float division could land on the wrong side of .5 for large operands; the remainder cannot.
 */
export function roundHalfEvenRatio(num: number, den: number): number {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0) {
    throw new RangeError(`roundHalfEvenRatio needs integers and a positive denominator, got ${num}/${den}.`);
  }
  let q = Math.floor(num / den);
  let r = num - q * den;
  // Correct the float quotient so that 0 <= r < den holds exactly.
  while (r < 0) {
    q -= 1;
    r += den;
  }
  while (r >= den) {
    q += 1;
    r -= den;
  }
  const twice = 2 * r;
  if (twice > den) return q + 1;
  if (twice < den) return q;
  return q % 2 === 0 ? q : q + 1;
}

function checkPositiveInt(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a positive integer, got ${value}.`);
  }
}

/**
 * Token-map sizes of every scale for a latent of hl×wl cells:
 * `h_k = max(1, roundHalfEven(hl * c_k / c_K))`, likewise for w; the last entry is always (hl, wl).
 */
export function rescaledSchedule(hl: number, wl: number, canonical: readonly number[]): GridSize[] {
  checkPositiveInt(hl, 'Latent height');
  checkPositiveInt(wl, 'Latent width');
  if (canonical.length === 0) throw new RangeError('The canonical scale list is empty.');
  for (const c of canonical) checkPositiveInt(c, 'A canonical scale');
  const last = canonical[canonical.length - 1]!;
  return canonical.map((c) => ({
    height: Math.max(1, roundHalfEvenRatio(hl * c, last)),
    width: Math.max(1, roundHalfEvenRatio(wl * c, last)),
  }));
}
