// Judging a per-photo look choice on dev pairs: each pair has its assessment (what the input suffers
// from) and every look's scores against the original; the reference choice is the look a full-reference
// metric ranks first, and a rule is fitted to agree with it as often as possible on the lists it may
// see (lists 1–2), then only reported on the held-out list.
import { chooseLook, LOOKS, type AutoLookRule, type LookName } from '../../electron/jobs/auto-look.ts';
import type { PhotoAssessment } from '../../electron/jobs/photo-assessment.ts';

export interface LookPair {
  list: string;
  degradation: string;
  pair: string;
  assessment: PhotoAssessment;
  /** Look → its output's metrics against the original. */
  scores: Record<LookName, { psnr_y: number; ssim_y: number; brisque: number; sharpness: number }>;
}

export type Reference = 'ssim_y' | 'psnr_y';

/** The look the metric ranks first for this pair (highest SSIM-Y or PSNR-Y). */
export function referenceLook(pair: LookPair, metric: Reference): LookName {
  return LOOKS.map((l) => l.name).reduce((best, name) => (pair.scores[name][metric] > pair.scores[best][metric] ? name : best));
}

/** How often `choose` gives the reference look, and the mean scores of what it chose. */
export function judge(pairs: LookPair[], choose: (p: LookPair) => LookName, metric: Reference) {
  const chosen = pairs.map((p) => ({ p, name: choose(p) }));
  const mean = (f: (x: { p: LookPair; name: LookName }) => number) => chosen.reduce((s, x) => s + f(x), 0) / Math.max(1, chosen.length);
  return {
    agreement: mean((x) => (x.name === referenceLook(x.p, metric) ? 1 : 0)),
    psnr_y: mean((x) => x.p.scores[x.name].psnr_y),
    ssim_y: mean((x) => x.p.scores[x.name].ssim_y),
    brisque: mean((x) => x.p.scores[x.name].brisque),
    counts: Object.fromEntries(LOOKS.map((l) => [l.name, chosen.filter((x) => x.name === l.name).length])) as Record<LookName, number>,
  };
}

const quantiles = (values: number[], steps: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from({ length: steps + 1 }, (_, i) => sorted[Math.min(sorted.length - 1, Math.round((i / steps) * (sorted.length - 1)))]!);
};

/** Every rule of chooseLook's family on a grid of the assessments' own quantiles (plus "never"). */
export function* ruleGrid(pairs: LookPair[], steps: number): Generator<AutoLookRule> {
  const never = Number.POSITIVE_INFINITY;
  const levels = (key: keyof PhotoAssessment) => {
    const values = pairs.map((p) => p.assessment[key]);
    return quantiles(values, steps);
  };
  const noise = [never, ...levels('noise').reverse()];
  const blocky = [never, ...levels('blocking').reverse()];
  const soft = [-never, ...levels('fineness')];
  for (const natural of noise) {
    for (const balanced of noise.filter((b) => b <= natural)) {
      for (const b of blocky) for (const s of soft) yield { natural, balanced, blocky: b, soft: s };
    }
  }
}

/** The rule of the grid with the highest `score` of its choices on `pairs` (the first of equals: the grid starts cautious). */
function bestRule(pairs: LookPair[], steps: number, score: (chose: (p: LookPair) => LookName) => number): { rule: AutoLookRule; score: number } {
  let best: { rule: AutoLookRule; score: number } | null = null;
  for (const rule of ruleGrid(pairs, steps)) {
    const value = score((p) => chooseLook(p.assessment, rule).look.name);
    if (!best || value > best.score + 1e-9) best = { rule, score: value };
  }
  return best!;
}

/**
 * What a per-photo choice must beat: a fixed look, or a fixed share of photos in each of two (here
 * Detailed and Balanced, the default and its neighbour). The margin of (SSIM-Y, BRISQUE) above the
 * line through those two looks' means: above 0, choosing per photo bought fidelity that a fixed mix of
 * looks could not have at that naturalness.
 */
export function marginAboveFixedLooks(pairs: LookPair[], chosen: { ssim_y: number; brisque: number }): number {
  return fixedLooksLine(pairs)(chosen);
}

/** marginAboveFixedLooks with the two fixed looks judged once, for scoring many choosers on the same pairs. */
function fixedLooksLine(pairs: LookPair[]): (chosen: { ssim_y: number; brisque: number }) => number {
  const d = judge(pairs, () => 'Detailed', 'ssim_y');
  const b = judge(pairs, () => 'Balanced', 'ssim_y');
  const slope = (b.ssim_y - d.ssim_y) / (b.brisque - d.brisque);
  return (chosen) => chosen.ssim_y - (d.ssim_y + slope * (chosen.brisque - d.brisque));
}

/** The rule with the largest margin above the fixed looks on `pairs` (the lists it may be fitted on). */
export function fitAboveFixedLooks(pairs: LookPair[], steps = 12): { rule: AutoLookRule; margin: number } {
  const margin = fixedLooksLine(pairs);
  const { rule, score } = bestRule(pairs, steps, (chose) => margin(judge(pairs, chose, 'ssim_y')));
  return { rule, margin: score };
}

/** The rule (chooseLook's thresholds) that agrees most often with the reference on `pairs`. */
export function fitRule(pairs: LookPair[], metric: Reference, steps = 12): AutoLookRule {
  return bestRule(pairs, steps, (chose) => judge(pairs, chose, metric).agreement).rule;
}
