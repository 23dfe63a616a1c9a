import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ropePositions } from '../../../electron/engine/pipeline/positions.ts';

test('positions are cell centres on the shared frame, row-major (row, col)', () => {
  const p = ropePositions(2, 4, 16);
  assert.deepEqual(Array.from(p), [
    4,
    2,
    4,
    6,
    4,
    10,
    4,
    14, // row 0
    12,
    2,
    12,
    6,
    12,
    10,
    12,
    14, // row 1
  ]);
});

test('a 1x1 grid sits in the frame centre; different sizes share the frame', () => {
  assert.deepEqual(Array.from(ropePositions(1, 1, 16)), [8, 8]);
  const coarse = ropePositions(3, 5, 10);
  assert.equal(coarse.length, 30);
  for (let t = 0; t < 15; t++) {
    assert.ok(coarse[2 * t]! > 0 && coarse[2 * t]! < 10 && coarse[2 * t + 1]! > 0 && coarse[2 * t + 1]! < 10);
  }
  // Last token: row 2, column 4.
  assert.ok(Math.abs(coarse[28]! - (2.5 * 10) / 3) < 1e-6);
  assert.ok(Math.abs(coarse[29]! - 9) < 1e-6);
});

test('bad grids are rejected', () => {
  assert.throws(() => ropePositions(0, 3, 16), RangeError);
  assert.throws(() => ropePositions(2, 3, 0), RangeError);
});
