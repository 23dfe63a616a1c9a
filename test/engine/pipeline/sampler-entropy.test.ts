// Entropy is an opt-in readout of the sampler: turning it off or asking for the per-token map must
// never change a chosen token or the PRNG stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleTokens, type SamplerOptions } from '../../../electron/engine/pipeline/sampler.ts';
import { createPrng } from '../../../electron/engine/pipeline/prng.ts';

const STRATEGIES: SamplerOptions[] = [
  { strategy: 'greedy', temperature: 1, topK: 0, topP: 1 },
  { strategy: 'sample', temperature: 1, topK: 0, topP: 1 },
  { strategy: 'sample', temperature: 0.7, topK: 5, topP: 0.9 },
];

function logitsWithTiesAndNaN(n: number, V: number): Float32Array {
  const g = createPrng(11);
  const out = new Float32Array(n * V).map(() => Math.round((g.nextFloat() - 0.5) * 6)); // many ties
  out[3] = NaN;
  out.fill(-Infinity, V, 2 * V); // a row with no finite logit
  return out;
}

test('tokens are identical with entropy off, mean and map, for every strategy', () => {
  const n = 64;
  const V = 17;
  const logits = logitsWithTiesAndNaN(n, V);
  for (const options of STRATEGIES) {
    const run = (entropy: 'off' | 'mean' | 'map') => {
      const prng = createPrng(5);
      const result = sampleTokens({ logits, tokens: n, vocab: V, options, prng, entropy });
      return { ...result, next: prng.nextFloat() };
    };
    const off = run('off');
    const mean = run('mean');
    const map = run('map');
    assert.deepEqual(off.indices, mean.indices, options.strategy);
    assert.deepEqual(off.indices, map.indices, options.strategy);
    assert.equal(off.next, map.next, 'the PRNG stream advances the same');
    assert.ok(Number.isNaN(off.meanEntropy) && off.tokenEntropy === undefined);
    assert.equal(mean.tokenEntropy, undefined);
    assert.equal(map.tokenEntropy!.length, n);
    const average = map.tokenEntropy!.reduce((a, b) => a + b, 0) / n;
    assert.ok(Math.abs(average - mean.meanEntropy) < 1e-5, `${average} vs ${mean.meanEntropy}`);
    assert.equal(map.tokenEntropy![1], 0, 'a row without finite logits is certain');
  }
});

test('the map tells sure tokens from guesses', () => {
  const V = 8;
  const sure = [20, 0, 0, 0, 0, 0, 0, 0];
  const guess = [1, 1, 1, 1, 1, 1, 1, 1];
  const logits = new Float32Array([...sure, ...guess]);
  const { tokenEntropy } = sampleTokens({ logits, tokens: 2, vocab: V, options: STRATEGIES[0]!, prng: createPrng(1), entropy: 'map' });
  assert.ok(tokenEntropy![0]! < 1e-4);
  assert.ok(Math.abs(tokenEntropy![1]! - Math.log(V)) < 1e-6);
});
