import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchRow, stackBatch } from '../../../electron/engine/pipeline/batch-rows.ts';

test('stackBatch concatenates along the batch axis after the outer blocks', () => {
  // Two parts of shape [L=2, B=1, 3]: the result is [2, 2, 3] with part 0's row before part 1's per layer.
  const a = Float32Array.from([1, 2, 3, 4, 5, 6]);
  const b = Float32Array.from([7, 8, 9, 10, 11, 12]);
  assert.deepEqual(Array.from(stackBatch([a, b], 2)), [1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12]);
  assert.deepEqual(Array.from(stackBatch([a, b])), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

test('a single part is returned as is', () => {
  const a = Float32Array.from([1, 2]);
  assert.equal(stackBatch([a], 2), a);
});

test('batchRow views one row', () => {
  const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(batchRow(data, 3, 1)), [3, 4]);
  assert.equal(batchRow(data, 3, 2).buffer, data.buffer);
});
