// The measures behind bench/confidence-truth.ts on small examples worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aboveMedian, auroc, stratifiedAuroc, tailMean, tailRatio } from '../../bench/lib/confidence-metrics.ts';
import { overlayConfidence, stretchGrid, tokenEntropies } from '../../bench/lib/confidence-signals.ts';

const close = (actual: number, expected: number, eps = 1e-6) => assert.ok(Math.abs(actual - expected) < eps, `${actual} ≠ ${expected}`);

test('AUROC: the textbook example, perfect and inverted scores, and ties as half a win', () => {
  close(auroc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 0.75);
  close(auroc([1, 2, 3, 4], [false, false, true, true]), 1);
  close(auroc([4, 3, 2, 1], [false, false, true, true]), 0);
  close(auroc([1, 1, 1, 1], [false, true, false, true]), 0.5);
  // Positive scores [0, 1, 1, 1], negative [0, 0, 0, 1]: 12 of 16 pairs won (ties half).
  close(auroc([0, 0, 0, 0, 1, 1, 1, 1], [false, true, false, false, true, false, true, true]), 0.75);
  assert.ok(Number.isNaN(auroc([1, 2], [true, true])), 'one class only has no AUROC');
});

test('the tail mean takes the lowest scores, and a tied group at the boundary by its mean, not by pixel order', () => {
  close(tailMean([5, 1, 4, 2, 3], [50, 10, 40, 20, 30], 0.4), 15);
  close(tailMean([0, 0, 1, 1], [4, 0, 1, 1], 0.25), 2);
  close(tailMean([0, 0, 1, 1], [0, 4, 1, 1], 0.25), 2);
  close(tailMean([0, 0, 0, 1], [3, 0, 0, 9], 0.5), 1);
  // Two pixels wanted: the lone lowest (6) and half of the tied pair's weight at its mean (1.5).
  close(tailMean([0, 1, 1], [6, 0, 3], 2 / 3), 3.75);
  assert.throws(() => tailMean([1], [1], 0), /fraction/);
});

test("the ratio is the least confident tail's mean error over the most confident tail's", () => {
  const r = tailRatio([0.1, 0.2, 0.8, 0.9], [4, 4, 1, 1], 0.5);
  assert.deepEqual(r, { leastConfident: 4, mostConfident: 1, ratio: 4 });
  // A confidence that points the wrong way gives a ratio below 1.
  close(tailRatio([0.9, 0.8, 0.2, 0.1], [4, 4, 1, 1], 0.5).ratio, 0.25);
});

test('"above the median" labels half of an even-sized image', () => {
  assert.deepEqual(aboveMedian([4, 1, 3, 2]), [true, false, true, false]);
  assert.deepEqual(aboveMedian([1, 5, 3]), [false, true, false]);
});

test('the AUROC within strata drops to chance when the score only repeats the stratum', () => {
  const stratum = [0, 0, 0, 0, 1, 1, 1, 1];
  const positive = [false, true, false, false, true, false, true, true];
  close(auroc(stratum, positive), 0.75);
  close(stratifiedAuroc(stratum, positive, stratum, 2), 0.5);
  // A score that orders each stratum perfectly keeps 1.
  close(stratifiedAuroc([0, 1, 0, 0, 1, 0, 1, 1], positive, stratum, 2), 1);
});

test('token entropy: ln V for flat logits, about 0 for one certain token', () => {
  const flat = tokenEntropies(new Float32Array([0, 0, 0, 0, 5, -20, -20, -20]), 2, 4);
  close(flat[0]!, Math.log(4), 1e-5);
  close(flat[1]!, 0, 1e-5);
});

test('a grid is stretched smoothly with pixel centres aligned, like the overlay <img>', () => {
  assert.deepEqual(Array.from(stretchGrid(new Float32Array([0, 1]), 2, 1, 4, 1)), [0, 0.25, 0.75, 1]);
  // The overlay's confidence is 1 − entropy over its 98th percentile: the unsure cell is the least confident.
  const c = overlayConfidence({ width: 2, height: 1, data: new Float32Array([0, 2]) }, 2, 1);
  assert.deepEqual(Array.from(c), [1, 0]);
});
