import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaMatrix, bicubicMatrix, identity, resizePlanar } from '../../../electron/engine/pipeline/resample.ts';

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ''): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

function rowSums(m: Float32Array, rows: number, cols: number): number[] {
  return Array.from({ length: rows }, (_, i) => m.subarray(i * cols, (i + 1) * cols).reduce((a, b) => a + b, 0));
}

// Naive per-output-pixel bicubic (torch, align_corners=False, a = -0.75), written straight from the
// formula without sharing code with the module: returns the o×n matrix.
function naiveBicubic(o: number, n: number): number[] {
  const a = -0.75;
  const W = (s: number) => {
    const x = Math.abs(s);
    if (x <= 1) return (a + 2) * x ** 3 - (a + 3) * x ** 2 + 1;
    if (x < 2) return a * x ** 3 - 5 * a * x ** 2 + 8 * a * x - 4 * a;
    return 0;
  };
  const m = new Array<number>(o * n).fill(0);
  for (let i = 0; i < o; i++) {
    const x = ((i + 0.5) * n) / o - 0.5;
    const x0 = Math.floor(x);
    const t = x - x0;
    const offsets: Array<[number, number]> = [
      [-1, 1 + t],
      [0, t],
      [1, 1 - t],
      [2, 2 - t],
    ];
    for (const [d, s] of offsets) {
      const j = Math.min(n - 1, Math.max(0, x0 + d));
      m[i * n + j]! += W(s);
    }
  }
  return m;
}

function matmulPlanar(m: ArrayLike<number>, o: number, n: number, x: ArrayLike<number>, cols: number): number[] {
  const y = new Array<number>(o * cols).fill(0);
  for (let i = 0; i < o; i++) for (let k = 0; k < n; k++) for (let j = 0; j < cols; j++) y[i * cols + j]! += m[i * n + k]! * x[k * cols + j]!;
  return y;
}

function transpose(m: ArrayLike<number>, r: number, c: number): number[] {
  const t = new Array<number>(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = m[i * c + j]!;
  return t;
}

test('area 5 -> 2 averages overlapping thirds', () => {
  const third = 1 / 3;
  assertClose(areaMatrix(2, 5), [third, third, third, 0, 0, 0, 0, third, third, third], 1e-7);
});

test('area 32 -> 13 uses adaptive-pooling windows whose rows sum to 1', () => {
  const m = areaMatrix(13, 32);
  assertClose(rowSums(m, 13, 32), new Array(13).fill(1), 1e-6, 'row sums');
  for (let i = 0; i < 13; i++) {
    const s = Math.floor((i * 32) / 13);
    const e = Math.ceil(((i + 1) * 32) / 13);
    for (let j = 0; j < 32; j++) {
      const expected = j >= s && j < e ? 1 / (e - s) : 0;
      assert.ok(Math.abs(m[i * 32 + j]! - expected) < 1e-7, `A(13,32)[${i},${j}]`);
    }
  }
  // Windows overlap where i*32/13 is not an integer (e.g. rows 0 and 1 share input 2).
  assert.ok(m[0 * 32 + 2]! > 0 && m[1 * 32 + 2]! > 0);
});

test('area n -> n and bicubic n -> n are the identity', () => {
  for (const n of [1, 2, 7, 16]) {
    assert.deepEqual(areaMatrix(n, n), identity(n));
    assert.deepEqual(bicubicMatrix(n, n), identity(n));
  }
});

test('bicubic U(4, 2) matches torch and the naive formula', () => {
  // torch.nn.functional.interpolate(eye, size=4, mode='bicubic', align_corners=False); exact dyadics.
  const torchValues = [1.10546875, -0.10546875, 0.7734375, 0.2265625, 0.2265625, 0.7734375, -0.10546875, 1.10546875];
  assertClose(bicubicMatrix(4, 2), torchValues, 1e-7);
  assertClose(bicubicMatrix(4, 2), naiveBicubic(4, 2), 1e-7);
});

test('bicubic matrices match the naive formula and rows sum to 1', () => {
  for (const [o, n] of [
    [3, 1],
    [5, 3],
    [16, 5],
    [26, 32],
    [64, 13],
    [7, 4],
    [2, 9],
  ] as const) {
    const m = bicubicMatrix(o, n);
    assertClose(m, naiveBicubic(o, n), 1e-6, `U(${o},${n})`);
    assertClose(rowSums(m, o, n), new Array(o).fill(1), 1e-6, `U(${o},${n}) row sums`);
  }
});

test('resizePlanar equals the dense matrix products, choosing the kernel per axis', () => {
  const c = 2;
  const h = 6;
  const w = 9;
  const data = new Float32Array(c * h * w).map((_, i) => Math.sin(i * 0.37) * 0.5 + 0.5);
  for (const [oh, ow, kind] of [
    [3, 4, 'auto'], // down both: area
    [11, 17, 'auto'], // up both: bicubic
    [3, 20, 'auto'], // mixed: area rows, bicubic columns
    [6, 4, 'auto'], // one axis unchanged
    [4, 5, 'bicubic'],
    [12, 13, 'area'],
  ] as const) {
    const out = resizePlanar(data, c, h, w, oh, ow, kind);
    const pick = (o: number, n: number) => (o === n ? identity(n) : (kind === 'auto' ? o < n : kind === 'area') ? areaMatrix(o, n) : bicubicMatrix(o, n));
    const mh = pick(oh, h);
    const mw = pick(ow, w);
    for (let ch = 0; ch < c; ch++) {
      const x = Array.from(data.subarray(ch * h * w, (ch + 1) * h * w));
      const rows = matmulPlanar(mh, oh, h, x, w); // oh×w
      const expected = transpose(matmulPlanar(mw, ow, w, transpose(rows, oh, w), oh), ow, oh);
      assertClose(out.subarray(ch * oh * ow, (ch + 1) * oh * ow), expected, 1e-5, `${oh}x${ow} ${kind}`);
    }
  }
});

test('resizePlanar keeps constants and copies on equal size', () => {
  const data = new Float32Array(3 * 5 * 7).fill(0.25);
  assertClose(resizePlanar(data, 3, 5, 7, 2, 31), new Float32Array(3 * 2 * 31).fill(0.25), 1e-6);
  const same = resizePlanar(data, 3, 5, 7, 5, 7);
  assert.deepEqual(same, data);
  assert.notEqual(same, data);
  assert.throws(() => resizePlanar(data, 3, 5, 6, 2, 2), RangeError);
});
