// Judging a per-photo look choice: the reference is the look the metric ranks first, a fixed look has
// no margin over the fixed looks' line, and where noisy photos really are better with Balanced and clean
// ones with Detailed, the fitted rule finds that split and its margin is positive; where no photo
// differs from another, no rule gains anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLook, type LookName } from '../../electron/jobs/auto-look.ts';
import { fitAboveFixedLooks, judge, marginAboveFixedLooks, referenceLook, type LookPair } from '../../bench/lib/look-calibration.ts';

/** A pair whose looks score as given (SSIM-Y, BRISQUE); PSNR-Y follows SSIM-Y. */
function pair(noise: number, scores: Record<LookName, [number, number]>): LookPair {
  const entry = ([ssim, brisque]: [number, number]) => ({ ssim_y: ssim, psnr_y: 20 + 10 * ssim, brisque, sharpness: 1 });
  return {
    list: 'dev',
    degradation: 'realesrgan',
    pair: String(noise),
    assessment: { noise, blocking: 1, fineness: 1 },
    scores: { Natural: entry(scores.Natural), Balanced: entry(scores.Balanced), Detailed: entry(scores.Detailed), Crisp: entry(scores.Crisp) },
  };
}

// Noisy photos: Balanced is both more faithful and as natural. Clean ones: Balanced only blurs them.
const noisy = (n: number) => pair(n, { Natural: [0.8, 40], Balanced: [0.8, 30], Detailed: [0.7, 30], Crisp: [0.6, 28] });
const clean = (n: number) => pair(n, { Natural: [0.8, 40], Balanced: [0.8, 36], Detailed: [0.8, 20], Crisp: [0.75, 18] });
const mixed = [noisy(6), noisy(8), noisy(9), clean(0.2), clean(0.3), clean(0.4)];

test('the reference is the look the metric ranks first; a fixed look has no margin', () => {
  assert.equal(referenceLook(clean(0.2), 'ssim_y'), 'Natural', 'ties keep the first look');
  assert.equal(referenceLook(noisy(6), 'ssim_y'), 'Natural');
  for (const look of ['Detailed', 'Balanced'] as const)
    assert.ok(
      Math.abs(
        marginAboveFixedLooks(
          mixed,
          judge(mixed, () => look, 'ssim_y'),
        ),
      ) < 1e-12,
    );
});

test('where photos differ, the fitted rule finds the split and gains; where they do not, nothing gains', () => {
  const { rule, margin } = fitAboveFixedLooks(mixed);
  assert.deepEqual(
    mixed.map((p) => chooseLook(p.assessment, rule).look.name),
    ['Balanced', 'Balanced', 'Balanced', 'Detailed', 'Detailed', 'Detailed'],
  );
  assert.ok(margin > 0.01, `margin ${margin}`);
  const alike = [clean(0.2), clean(0.3), clean(5), clean(6)];
  assert.ok(fitAboveFixedLooks(alike).margin < 1e-9, 'photos that all want the same look leave nothing to choose');
});
