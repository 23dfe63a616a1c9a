import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rescaledSchedule, roundHalfEvenRatio } from '../../../electron/engine/pipeline/schedule.ts';

const PAPER = [1, 2, 3, 4, 5, 6, 8, 10, 13, 16] as const;

function sides(hl: number, wl: number): Array<[number, number]> {
  return rescaledSchedule(hl, wl, PAPER).map((g) => [g.height, g.width]);
}

// Independent reference: BigInt arithmetic, ties to even.
function refRound(num: number, den: number): number {
  const n = BigInt(num);
  const d = BigInt(den);
  const q = n / d;
  const r = n % d;
  if (2n * r > d) return Number(q + 1n);
  if (2n * r < d) return Number(q);
  return Number(q % 2n === 0n ? q : q + 1n);
}

test('roundHalfEvenRatio rounds ties to even and is exact', () => {
  assert.equal(roundHalfEvenRatio(9, 2), 4); // 4.5
  assert.equal(roundHalfEvenRatio(11, 2), 6); // 5.5
  assert.equal(roundHalfEvenRatio(1, 2), 0); // 0.5
  assert.equal(roundHalfEvenRatio(3, 2), 2); // 1.5
  assert.equal(roundHalfEvenRatio(7, 3), 2);
  assert.equal(roundHalfEvenRatio(8, 3), 3);
  assert.equal(roundHalfEvenRatio(-9, 2), -4);
  assert.equal(roundHalfEvenRatio(0, 5), 0);
  // Large operands where a float quotient sits right next to .5.
  const big = 2 ** 52 + 1;
  assert.equal(roundHalfEvenRatio(big, 2), refRound(big, 2));
  assert.throws(() => roundHalfEvenRatio(1, 0), RangeError);
  assert.throws(() => roundHalfEvenRatio(1.5, 2), RangeError);
});

test('latent 16x16 reproduces the canonical table', () => {
  assert.deepEqual(
    sides(16, 16),
    PAPER.map((c) => [c, c]),
  );
});

test('latent 32x32, 32x48 and 64x64 tables', () => {
  assert.deepEqual(
    sides(32, 32),
    [2, 4, 6, 8, 10, 12, 16, 20, 26, 32].map((c) => [c, c]),
  );
  assert.deepEqual(
    sides(64, 64),
    [4, 8, 12, 16, 20, 24, 32, 40, 52, 64].map((c) => [c, c]),
  );
  assert.deepEqual(sides(32, 48), [
    [2, 3],
    [4, 6],
    [6, 9],
    [8, 12],
    [10, 15],
    [12, 18],
    [16, 24],
    [20, 30],
    [26, 39],
    [32, 48],
  ]);
});

test("banker's rounding: latent 24, scale 3 -> 4 (4.5), 13 -> 20 (19.5)", () => {
  const s = sides(24, 24).map(([h]) => h);
  assert.equal(s[2], 4);
  assert.equal(s[4], 8); // 7.5 -> 8
  assert.equal(s[8], 20);
  assert.deepEqual(s, [2, 3, 4, 6, 8, 9, 12, 15, 20, 24]);
});

test('tiny latents clamp to 1 and end exactly', () => {
  assert.deepEqual(
    sides(1, 1),
    PAPER.map(() => [1, 1]),
  );
  assert.deepEqual(
    sides(2, 2).map(([h]) => h),
    [1, 1, 1, 1, 1, 1, 1, 1, 2, 2],
  );
  assert.deepEqual(
    sides(3, 3).map(([h]) => h),
    [1, 1, 1, 1, 1, 1, 2, 2, 2, 3],
  );
  assert.deepEqual(sides(1, 3).at(-1), [1, 3]);
});

test('random sizes: monotone, >= 1, last exact, matches the BigInt reference', () => {
  let state = 12345;
  const rand = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return 1 + (state % n);
  };
  for (let trial = 0; trial < 500; trial++) {
    const hl = rand(600);
    const wl = rand(600);
    const sched = rescaledSchedule(hl, wl, PAPER);
    assert.equal(sched.length, PAPER.length);
    assert.deepEqual(sched.at(-1), { height: hl, width: wl });
    sched.forEach((g, k) => {
      assert.ok(g.height >= 1 && g.width >= 1);
      assert.equal(g.height, Math.max(1, refRound(hl * PAPER[k]!, 16)));
      assert.equal(g.width, Math.max(1, refRound(wl * PAPER[k]!, 16)));
      if (k > 0) {
        assert.ok(g.height >= sched[k - 1]!.height && g.width >= sched[k - 1]!.width);
      }
    });
  }
});

test('rescaledSchedule rejects bad input', () => {
  assert.throws(() => rescaledSchedule(0, 4, PAPER), RangeError);
  assert.throws(() => rescaledSchedule(4, 4, []), RangeError);
  assert.throws(() => rescaledSchedule(4, 4, [1, 0, 2]), RangeError);
});
