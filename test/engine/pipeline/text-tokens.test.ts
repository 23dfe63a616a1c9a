import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodePrompt } from '../../../electron/engine/pipeline/text-tokens.ts';

const ids = (p: string, n: number) => Array.from(encodePrompt(p, n).ids, Number);
const mask = (p: string, n: number) => Array.from(encodePrompt(p, n).mask);

test('"ab" encodes as BOS, bytes + 3, EOS, padding', () => {
  assert.deepEqual(ids('ab', 8), [1, 100, 101, 2, 0, 0, 0, 0]);
  assert.deepEqual(mask('ab', 8), [1, 1, 1, 1, 0, 0, 0, 0]);
  assert.ok(encodePrompt('ab', 8).ids instanceof BigInt64Array);
});

test('the empty prompt (and whitespace) is [BOS, EOS, PAD...]', () => {
  assert.deepEqual(ids('', 5), [1, 2, 0, 0, 0]);
  assert.deepEqual(ids('  \n\t ', 5), [1, 2, 0, 0, 0]);
  assert.deepEqual(mask('', 5), [1, 1, 0, 0, 0]);
});

test('NFC: precomposed and decomposed é give the same ids', () => {
  const composed = '\u00e9';
  const decomposed = 'e\u0301';
  assert.notEqual(composed, decomposed);
  assert.deepEqual(ids(composed, 6), ids(decomposed, 6));
  assert.deepEqual(ids(composed, 6), [1, 0xc3 + 3, 0xa9 + 3, 2, 0, 0]);
});

test('trims and truncates bytes to maxTokens - 2', () => {
  assert.deepEqual(ids('  abcdef ', 5), [1, 100, 101, 102, 2]);
  assert.deepEqual(mask('abcdef', 5), [1, 1, 1, 1, 1]);
  assert.deepEqual(ids('abc', 5), [1, 100, 101, 102, 2]);
  assert.deepEqual(ids('abc', 2), [1, 2]);
  // Truncation counts bytes, not characters: "é" is two bytes.
  assert.deepEqual(ids('\u00e9\u00e9', 5), [1, 0xc3 + 3, 0xa9 + 3, 0xc3 + 3, 2]);
  assert.throws(() => encodePrompt('a', 1), RangeError);
});
