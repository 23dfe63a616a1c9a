import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Xoshiro128, createPrng, forkPrng } from '../../../electron/engine/pipeline/prng.ts';

// First draws of forkPrng(1234, 2, 5): pins the seeding across platforms and versions.
const GOLDEN_1234_2_5 = [1016746089, 3157100806, 3114912785];

const draw = (p: { nextUint32(): number }, n: number) => Array.from({ length: n }, () => p.nextUint32());

test('xoshiro128** matches the reference C implementation', () => {
  // Outputs of Vigna's xoshiro128starstar.c from state {1, 2, 3, 4}.
  const g = new Xoshiro128(1, 2, 3, 4);
  assert.deepEqual(draw(g, 8), [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  draw(g, 1000);
  assert.equal(g.nextUint32(), 5814518);
  assert.throws(() => new Xoshiro128(0, 0, 0, 0), RangeError);
});

test('same seed and stream give the same sequence; different ones differ', () => {
  assert.deepEqual(draw(createPrng(42), 16), draw(createPrng(42), 16));
  assert.deepEqual(draw(forkPrng(42, 3, 7), 16), draw(forkPrng(42, 3, 7), 16));
  const seqs = [
    draw(createPrng(42), 4),
    draw(createPrng(43), 4),
    draw(forkPrng(42, 0), 4),
    draw(forkPrng(42, 0, 0), 4),
    draw(forkPrng(42, 1, 0), 4),
    draw(forkPrng(42, 0, 1), 4),
    draw(forkPrng(2 ** 40 + 42), 4),
    draw(forkPrng(-42), 4),
  ].map((s) => s.join(','));
  assert.equal(new Set(seqs).size, seqs.length);
});

test('streams do not depend on the order they are created or used in', () => {
  const a1 = forkPrng(7, 0);
  const b1 = forkPrng(7, 1);
  const seqA = draw(a1, 5);
  const seqB = draw(b1, 5);
  const b2 = forkPrng(7, 1);
  draw(b2, 0);
  assert.deepEqual(draw(b2, 5), seqB);
  assert.deepEqual(draw(forkPrng(7, 0), 5), seqA);
});

test('golden values pin the seeding across platforms and versions', () => {
  // Regression guard: changing the seeding changes every restore's output for a given seed.
  const g = forkPrng(1234, 2, 5);
  const first = draw(g, 3);
  assert.deepEqual(draw(forkPrng(1234, 2, 5), 3), first);
  assert.deepEqual(first, GOLDEN_1234_2_5);
});

test('nextFloat is uniform in [0, 1)', () => {
  const g = createPrng(99);
  const bins = new Array<number>(10).fill(0);
  const n = 100_000;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = g.nextFloat();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    bins[Math.floor(u * 10)]!++;
  }
  assert.ok(Math.abs(sum / n - 0.5) < 0.01);
  const chi2 = bins.reduce((acc, c) => acc + (c - n / 10) ** 2 / (n / 10), 0);
  assert.ok(chi2 < 30, `chi-square ${chi2}`); // 9 dof: p < 1e-3 at 27.9
  assert.throws(() => forkPrng(1.5), RangeError);
});
