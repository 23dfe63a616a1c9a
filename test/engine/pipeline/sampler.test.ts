import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfgWeight, kthLargest, sampleTokens, type SamplerOptions } from '../../../electron/engine/pipeline/sampler.ts';
import { createPrng, forkPrng } from '../../../electron/engine/pipeline/prng.ts';
import { DvarError } from '../../../electron/engine/errors.ts';

const GREEDY: SamplerOptions = { strategy: 'greedy', temperature: 1, topK: 0, topP: 1 };
const SAMPLE: SamplerOptions = { strategy: 'sample', temperature: 1, topK: 0, topP: 1 };

function randomLogits(n: number, V: number, seed: number): Float32Array {
  const g = createPrng(seed);
  return new Float32Array(n * V).map(() => (g.nextFloat() - 0.5) * 8);
}

/** The same row repeated n times. */
function repeatRow(row: number[], n: number): Float32Array {
  const out = new Float32Array(n * row.length);
  for (let r = 0; r < n; r++) out.set(row, r * row.length);
  return out;
}

function counts(indices: BigInt64Array, V: number): number[] {
  const c = new Array<number>(V).fill(0);
  for (const i of indices) c[Number(i)]!++;
  return c;
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
  return best;
}

function entropyOf(probs: number[]): number {
  const total = probs.reduce((a, b) => a + b, 0);
  return -probs.reduce((acc, p) => (p > 0 ? acc + (p / total) * Math.log(p / total) : acc), 0);
}

test('greedy is the argmax (first on ties) with the temperature-1 entropy', () => {
  const n = 50;
  const V = 37;
  const logits = randomLogits(n, V, 1);
  const { indices } = sampleTokens({ logits, tokens: n, vocab: V, options: GREEDY, prng: createPrng(0) });
  for (let r = 0; r < n; r++) assert.equal(Number(indices[r]), argmax(logits.subarray(r * V, (r + 1) * V)));

  const tie = sampleTokens({ logits: new Float32Array([0, 3, 1, 3]), tokens: 1, vocab: 4, options: GREEDY, prng: createPrng(0) });
  assert.equal(tie.indices[0], 1n);
  const row = [0, 3, 1, 3];
  assert.ok(Math.abs(tie.meanEntropy - entropyOf(row.map(Math.exp))) < 1e-9);
});

test('entropy of a uniform row is ln V, greedy and sampled', () => {
  const V = 4096;
  const logits = new Float32Array(3 * V).fill(0.7);
  for (const options of [GREEDY, SAMPLE, { ...SAMPLE, temperature: 0.3 }]) {
    const { meanEntropy } = sampleTokens({ logits, tokens: 3, vocab: V, options, prng: createPrng(5) });
    assert.ok(Math.abs(meanEntropy - Math.log(V)) < 1e-9, `${options.strategy}: ${meanEntropy}`);
  }
});

test('top-k = 1 equals greedy and has zero entropy', () => {
  const n = 200;
  const V = 64;
  const logits = randomLogits(n, V, 2);
  const greedy = sampleTokens({ logits, tokens: n, vocab: V, options: GREEDY, prng: createPrng(0) });
  const top1 = sampleTokens({ logits, tokens: n, vocab: V, options: { ...SAMPLE, topK: 1, temperature: 2 }, prng: createPrng(9) });
  assert.deepEqual(top1.indices, greedy.indices);
  assert.equal(top1.meanEntropy, 0);
});

test('top-k keeps ties at the threshold', () => {
  const n = 4000;
  const logits = repeatRow([1, 2, 2, 0], n);
  const { indices, meanEntropy } = sampleTokens({ logits, tokens: n, vocab: 4, options: { ...SAMPLE, topK: 1 }, prng: createPrng(3) });
  const c = counts(indices, 4);
  assert.equal(c[0]! + c[3]!, 0);
  assert.ok(c[1]! > 1800 && c[2]! > 1800, c.join(','));
  assert.ok(Math.abs(meanEntropy - Math.log(2)) < 1e-12);
});

test('same seed gives the same tokens; another seed differs', () => {
  const n = 500;
  const V = 256;
  const logits = randomLogits(n, V, 4);
  const run = (seed: number) => sampleTokens({ logits, tokens: n, vocab: V, options: { ...SAMPLE, topK: 50, topP: 0.9 }, prng: forkPrng(seed, 0) }).indices;
  assert.deepEqual(run(11), run(11));
  assert.notDeepEqual(run(11), run(12));
});

test('sampling follows the softmax distribution (chi-square)', () => {
  const probs = [0.2, 0.3, 0.5];
  const n = 30_000;
  for (const temperature of [1, 2]) {
    // logits = T·ln p, so softmax(logits / T) = p.
    const logits = repeatRow(
      probs.map((p) => temperature * Math.log(p)),
      n,
    );
    const { indices, meanEntropy } = sampleTokens({ logits, tokens: n, vocab: 3, options: { ...SAMPLE, temperature }, prng: createPrng(77) });
    const c = counts(indices, 3);
    const chi2 = c.reduce((acc, k, j) => acc + (k - n * probs[j]!) ** 2 / (n * probs[j]!), 0);
    assert.ok(chi2 < 13.8, `T=${temperature} chi-square ${chi2} counts ${c.join(',')}`); // 2 dof, p = 0.001
    assert.ok(Math.abs(meanEntropy - entropyOf(probs)) < 1e-6);
  }
});

test('top-p keeps the smallest set of top tokens reaching mass p (VAR semantics)', () => {
  const probs = [0.05, 0.5, 0.15, 0.3];
  const n = 20_000;
  const logits = repeatRow(probs.map(Math.log), n);
  // Ascending cumulative: 0.05, 0.2, 0.5, 1.0; with p = 0.7 those <= 0.3 go: tokens 0 and 2.
  const { indices, meanEntropy } = sampleTokens({ logits, tokens: n, vocab: 4, options: { ...SAMPLE, topP: 0.7 }, prng: createPrng(8) });
  const c = counts(indices, 4);
  assert.equal(c[0]! + c[2]!, 0);
  const expected = [0.5 / 0.8, 0.3 / 0.8];
  const chi2 = (c[1]! - n * expected[0]!) ** 2 / (n * expected[0]!) + (c[3]! - n * expected[1]!) ** 2 / (n * expected[1]!);
  assert.ok(chi2 < 10.8, `chi-square ${chi2}`); // 1 dof, p = 0.001
  assert.ok(Math.abs(meanEntropy - entropyOf([0.5, 0.3])) < 1e-6);

  // A tiny p still keeps the most likely token.
  const tiny = sampleTokens({ logits: logits.subarray(0, 40), tokens: 10, vocab: 4, options: { ...SAMPLE, topP: 1e-6 }, prng: createPrng(1) });
  assert.deepEqual(Array.from(tiny.indices, Number), new Array(10).fill(1));
  // Top-k then top-p: k = 3 drops token 0, renormalised {0.5, 0.15, 0.3}/0.95; p = 0.6 keeps 0.5/0.95 and 0.3/0.95.
  const both = sampleTokens({ logits: logits.subarray(0, 8000), tokens: 2000, vocab: 4, options: { ...SAMPLE, topK: 3, topP: 0.6 }, prng: createPrng(2) });
  const cb = counts(both.indices.subarray(0, 2000), 4);
  assert.equal(cb[0]! + cb[2]!, 0);
});

test('top-k/top-p entropy matches a sort-based reference of VAR filtering', () => {
  // Reference: softmax over the kept set; top-k by threshold, top-p by ascending sort and cumsum.
  const reference = (row: number[], k: number, p: number): number[] => {
    const V = row.length;
    let keep = row.map(() => true);
    if (k > 0 && k < V) {
      const threshold = [...row].sort((a, b) => b - a)[k - 1]!;
      keep = row.map((v) => v >= threshold);
    }
    if (p > 0 && p < 1) {
      const max = Math.max(...row);
      const order = row
        .map((_, j) => j)
        .filter((j) => keep[j])
        .sort((a, b) => row[a]! - row[b]!);
      const total = order.reduce((acc, j) => acc + Math.exp(row[j]! - max), 0);
      let cum = 0;
      order.forEach((j, rank) => {
        cum += Math.exp(row[j]! - max) / total;
        if (cum <= 1 - p && rank < order.length - 1) keep[j] = false;
      });
    }
    return row.map((v, j) => (keep[j] ? Math.exp(v) : 0));
  };
  const g = createPrng(21);
  for (let trial = 0; trial < 300; trial++) {
    const V = 2 + (g.nextUint32() % 300);
    const row = Array.from({ length: V }, () => Math.fround((g.nextFloat() - 0.5) * 10));
    const k = g.nextFloat() < 0.5 ? 0 : 1 + (g.nextUint32() % V);
    const p = 0.05 + 0.9 * g.nextFloat();
    const weights = reference(row, k, p);
    const { indices, meanEntropy } = sampleTokens({
      logits: Float32Array.from(row),
      tokens: 1,
      vocab: V,
      options: { ...SAMPLE, topK: k, topP: p },
      prng: createPrng(trial),
    });
    assert.ok(weights[Number(indices[0])]! > 0, `trial ${trial}: picked a filtered token`);
    assert.ok(Math.abs(meanEntropy - entropyOf(weights)) < 1e-5, `trial ${trial}: ${meanEntropy} vs ${entropyOf(weights)}`);
  }
});

test('classifier-free guidance combines (1 + t)·cond − t·uncond', () => {
  const cond = new Float32Array([1, 2, 0]);
  const uncond = new Float32Array([0, 3, 0]);
  // t = 0: cond only → token 1; t = 1: [2, 1, 0] → token 0.
  const pick = (t: number) => sampleTokens({ logits: cond, uncond, guidance: t, tokens: 1, vocab: 3, options: GREEDY, prng: createPrng(0) });
  assert.equal(pick(0).indices[0], 1n);
  assert.equal(pick(1).indices[0], 0n);
  assert.ok(Math.abs(pick(1).meanEntropy - entropyOf([2, 1, 0].map(Math.exp))) < 1e-9);

  // Sampling guided logits equals sampling the pre-combined logits with the same stream.
  const n = 300;
  const V = 50;
  const c = randomLogits(n, V, 5);
  const u = randomLogits(n, V, 6);
  const t = 0.75;
  const combined = new Float32Array(n * V).map((_, i) => (1 + t) * c[i]! - t * u[i]!);
  const options = { ...SAMPLE, topK: 20, topP: 0.95, temperature: 0.8 };
  const guided = sampleTokens({ logits: c, uncond: u, guidance: t, tokens: n, vocab: V, options, prng: createPrng(4) });
  const direct = sampleTokens({ logits: combined, tokens: n, vocab: V, options, prng: createPrng(4) });
  assert.deepEqual(guided.indices, direct.indices);
  assert.ok(Math.abs(guided.meanEntropy - direct.meanEntropy) < 1e-5);
});

test('cfgWeight ramps linearly over scales and guards a single scale', () => {
  assert.equal(cfgWeight(3, 0, 10), 0);
  assert.equal(cfgWeight(3, 9, 10), 3);
  assert.ok(Math.abs(cfgWeight(3, 3, 10) - 1) < 1e-12);
  assert.equal(cfgWeight(2, 0, 1), 2);
});

test('kthLargest selects like a sort, with ties', () => {
  const g = createPrng(10);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + (g.nextUint32() % 60);
    const values = Array.from({ length: n }, () => Math.floor(g.nextFloat() * 8)); // many ties
    const sorted = [...values].sort((a, b) => b - a);
    const k = 1 + (g.nextUint32() % n);
    assert.equal(kthLargest(Float64Array.from(values), k), sorted[k - 1]);
  }
});

test('rejects bad shapes and temperatures; NaN logits are never picked', () => {
  const prng = createPrng(0);
  assert.throws(() => sampleTokens({ logits: new Float32Array(5), tokens: 2, vocab: 3, options: GREEDY, prng }), RangeError);
  assert.throws(
    () => sampleTokens({ logits: new Float32Array(3), tokens: 1, vocab: 3, options: { ...SAMPLE, temperature: 0 }, prng }),
    (e: unknown) => e instanceof DvarError && e.code === 'USAGE',
  );
  const nan = new Float32Array([NaN, 1, NaN]);
  assert.equal(sampleTokens({ logits: nan, tokens: 1, vocab: 3, options: GREEDY, prng }).indices[0], 1n);
  assert.equal(sampleTokens({ logits: nan, tokens: 1, vocab: 3, options: SAMPLE, prng }).indices[0], 1n);
  const empty = sampleTokens({ logits: new Float32Array(0), tokens: 0, vocab: 3, options: GREEDY, prng });
  assert.equal(empty.indices.length, 0);
  assert.equal(empty.meanEntropy, 0);
});

test('handles a full-size scale (n = 4096, V = 4096) on every path', () => {
  const n = 4096;
  const V = 4096;
  const logits = randomLogits(n, V, 12);
  for (const options of [GREEDY, SAMPLE, { ...SAMPLE, topK: 10 }, { ...SAMPLE, topP: 0.9 }, { ...SAMPLE, topK: 600, topP: 0.8 }]) {
    const { indices, meanEntropy } = sampleTokens({ logits, tokens: n, vocab: V, options, prng: createPrng(1) });
    assert.equal(indices.length, n);
    assert.ok(meanEntropy >= 0 && meanEntropy <= Math.log(V) + 1e-9);
  }
});
