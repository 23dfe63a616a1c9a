// How well a per-pixel confidence map predicts where a restore is wrong: the mean error in the pixels
// marked least confident over that in the pixels marked most confident, and the AUROC of telling
// "error above the image's median" pixels apart by (1 − confidence). Maps are flat arrays, one value a
// pixel. Ties are common (a confidence cell covers many pixels), so both measures treat tied pixels
// alike instead of letting pixel order break them: the tail takes a tied group's mean for the part of
// the group it needs, and the AUROC counts a tie as half a win (Mann–Whitney).

/** Mean of `error` over the `fraction` of pixels with the lowest `score` (tie-aware, see above). */
export function tailMean(score: ArrayLike<number>, error: ArrayLike<number>, fraction: number): number {
  return orderedTailMean(sortedIndex(checked(score, error, fraction)), score, error, fraction, false);
}

function checked(score: ArrayLike<number>, error: ArrayLike<number>, fraction: number): ArrayLike<number> {
  if (score.length === 0 || error.length !== score.length) throw new RangeError('Score and error need the same, non-zero length.');
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError('The tail fraction must be in (0, 1].');
  return score;
}

/** The tail mean over pixels already sorted by score: from the lowest scores, or `fromTop`, the highest. */
function orderedTailMean(order: Uint32Array, score: ArrayLike<number>, error: ArrayLike<number>, fraction: number, fromTop: boolean): number {
  const n = order.length;
  const at = (i: number) => order[fromTop ? n - 1 - i : i]!;
  const want = fraction * n;
  let taken = 0;
  let sum = 0;
  for (let i = 0; i < n && taken < want;) {
    let j = i;
    let groupSum = 0;
    while (j < n && score[at(j)] === score[at(i)]) groupSum += error[at(j++)]!;
    const size = j - i;
    const use = Math.min(size, want - taken);
    sum += (groupSum / size) * use;
    taken += use;
    i = j;
  }
  return sum / taken;
}

export interface TailRatio {
  /** Mean error in the least confident `fraction` of pixels. */
  leastConfident: number;
  /** Mean error in the most confident `fraction` of pixels. */
  mostConfident: number;
  /** leastConfident / mostConfident (Infinity when the confident pixels are exact). */
  ratio: number;
}

export function tailRatio(confidence: ArrayLike<number>, error: ArrayLike<number>, fraction: number): TailRatio {
  const order = sortedIndex(checked(confidence, error, fraction));
  const leastConfident = orderedTailMean(order, confidence, error, fraction, false);
  const mostConfident = orderedTailMean(order, confidence, error, fraction, true);
  return { leastConfident, mostConfident, ratio: leastConfident / mostConfident };
}

/** Area under the ROC curve of `score` separating positives from negatives; NaN if either class is empty. */
export function auroc(score: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = score.length;
  if (positive.length !== n) throw new RangeError('Score and labels need the same length.');
  const order = sortedIndex(score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && score[order[j]!] === score[order[i]!]) j++;
    const meanRank = (i + 1 + j) / 2; // 1-based ranks i+1..j share their mean
    for (let t = i; t < j; t++) {
      if (!positive[order[t]!]) continue;
      positives++;
      rankSum += meanRank;
    }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** True where `error` is above its median: the "wrong here" label of one image. */
export function aboveMedian(error: ArrayLike<number>): boolean[] {
  const sorted = Float64Array.from(error).sort();
  const m = sorted.length;
  const median = m % 2 ? sorted[(m - 1) / 2]! : (sorted[m / 2 - 1]! + sorted[m / 2]!) / 2;
  return Array.from(error, (e) => e > median);
}

function sortedIndex(score: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(score.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => score[a]! - score[b]!);
}

/**
 * AUROC within equal-count bins of `stratum` (e.g. the output's texture), averaged by bin size: what a
 * score tells about the error beyond what the stratum already tells. Bins with one class only are left out.
 */
export function stratifiedAuroc(score: ArrayLike<number>, positive: ArrayLike<boolean>, stratum: ArrayLike<number>, bins: number): number {
  const order = sortedIndex(stratum);
  let weighted = 0;
  let counted = 0;
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * order.length) / bins);
    const to = Math.floor(((b + 1) * order.length) / bins);
    const members = order.subarray(from, to);
    const a = auroc(
      Array.from(members, (i) => score[i]!),
      Array.from(members, (i) => positive[i]!),
    );
    if (Number.isNaN(a)) continue;
    weighted += a * members.length;
    counted += members.length;
  }
  return counted ? weighted / counted : NaN;
}
