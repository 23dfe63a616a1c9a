// The x4plus targets judged from a report: each quality target once per dev list (each list judged on
// its own), each verdict flips on its own threshold, a size where x4plus was not measured leaves the
// speed verdict open, and a report without the new scores or without dev list 2 says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MethodScores } from '../../bench/lib/dev-set.ts';
import type { BenchReport } from '../../bench/report/types.ts';
import { x4plusTargets } from '../../bench/report/x4plus-targets.ts';
import type { SpeedCell } from '../../bench/sections/speed.ts';

const scores = (o: Partial<MethodScores>): MethodScores => ({
  psnr_y: 30,
  ssim_y: 0.8,
  sharpness: 0.8,
  brisque: 35,
  luma_shift_mean: 0.2,
  luma_shift_max_abs: 0.5,
  pairs: 12,
  ...o,
});
const cell = (method: string, side: number, secondsPerMP: number | null): SpeedCell => ({
  method,
  side,
  outputMP: (16 * side * side) / 1e6,
  seconds: secondsPerMP,
  secondsPerMP,
});
const listScores = (dvar: Partial<MethodScores>, x4plus: Partial<MethodScores>) => ({
  realesrgan: { 'dvar-wavelet': scores(dvar), 'realesrgan-x4plus': scores(x4plus) },
});

/** Dev list 2 scores the same as dev list 1 unless `dev2` is given; `dev2: null` leaves it out (an old report). */
function report(
  dvar: Partial<MethodScores>,
  x4plus: Partial<MethodScores>,
  x4plusSpeed: Array<number | null>,
  dev2?: { dvar: Partial<MethodScores>; x4plus: Partial<MethodScores> } | null,
): BenchReport {
  const sides = [125, 250, 500];
  const second = dev2 === undefined ? { dvar, x4plus } : dev2;
  return {
    meta: { mode: 'full' } as BenchReport['meta'],
    quality: {
      dir: 'd',
      synthetic: false,
      defaultMethod: 'dvar-wavelet',
      fastPack: null,
      seconds: {},
      montage: 'm',
      scores: listScores(dvar, x4plus),
      ...(second
        ? { dev2: { list: 'dev2', title: 't', dir: 'd2', synthetic: false, seconds: {}, montage: 'm2', scores: listScores(second.dvar, second.x4plus) } }
        : {}),
    },
    speed: {
      threads: 2,
      repeat: 1,
      tfjsBackend: 'wasm',
      tfjsThreads: 1,
      peerRuntimes: {},
      dvar: [],
      cells: sides.flatMap((side, i) => [cell('realesrgan-x4plus', side, x4plusSpeed[i]!), cell('dvar (p)', side, 5)]),
    },
    errors: {},
    targets: [],
    plots: [],
  };
}
const verdicts = (r: BenchReport) => x4plusTargets(r).map((t) => t.status);

test('rows: four quality targets on dev list 1, the same four on dev list 2, then speed', () => {
  assert.deepEqual(
    x4plusTargets(report({}, {}, [10, 10, 10])).map((t) => t.name.split(':')[0]),
    [
      ...Array<string>(4).fill('dev list 1, real-degraded'),
      ...Array<string>(4).fill('dev list 2, real-degraded'),
      'time per output MP vs realesrgan-x4plus (same run, same threads)',
    ],
  );
});

test('a pack ahead of x4plus on every count on both lists passes all nine', () => {
  assert.deepEqual(verdicts(report({ psnr_y: 30.5, ssim_y: 0.81 }, { psnr_y: 30.4, ssim_y: 0.8, brisque: 35.7 }, [10, 11, 12])), Array(9).fill('PASS'));
});

test('each target misses on its own threshold', () => {
  assert.deepEqual(verdicts(report({ psnr_y: 30.5, ssim_y: 0.79 }, { ssim_y: 0.8 }, [10, 10, 10])).slice(0, 1), ['MISS'], 'SSIM-Y behind x4plus');
  assert.equal(verdicts(report({ brisque: 40.1 }, { psnr_y: 20, ssim_y: 0.5 }, [10, 10, 10]))[1], 'MISS');
  assert.equal(verdicts(report({ sharpness: 0.74 }, {}, [10, 10, 10]))[2], 'MISS');
  assert.equal(verdicts(report({ luma_shift_mean: -1.2 }, {}, [10, 10, 10]))[3], 'MISS');
  assert.equal(verdicts(report({}, {}, [10, 9.9, 10]))[8], 'MISS', '5 s/MP is more than half of 9.9');
});

test('each dev list is judged on its own scores', () => {
  const ahead = { psnr_y: 30.5, ssim_y: 0.81 };
  const behind = { psnr_y: 30.4, ssim_y: 0.8 };
  const r = report(ahead, behind, [10, 10, 10], { dvar: { ...ahead, luma_shift_mean: 1.5, luma_shift_max_abs: 3 }, x4plus: behind });
  assert.deepEqual(verdicts(r), ['PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'MISS', 'PASS']);
  assert.match(x4plusTargets(r)[7]!.measured, /dvar-wavelet \+1\.50 \(max abs 3\.00\)/);
  const worse = report(ahead, behind, [10, 10, 10], { dvar: behind, x4plus: ahead });
  assert.deepEqual(verdicts(worse).slice(0, 5), ['PASS', 'PASS', 'PASS', 'PASS', 'MISS'], 'dev list 2 behind x4plus while dev list 1 is ahead');
});

test('the speed verdict waits for x4plus at every size; an old report is not measured', () => {
  const missing = x4plusTargets(report({}, {}, [10, 10, null]))[8]!;
  assert.equal(missing.status, 'n/a');
  assert.match(missing.measured, /x4plus missing at some sizes/);
  const old = report({}, {}, [10, 10, 10]);
  delete (old.quality as { defaultMethod?: string }).defaultMethod;
  assert.deepEqual(
    x4plusTargets(old)
      .slice(0, 8)
      .map((t) => t.measured),
    Array(8).fill('not measured'),
  );
});

test('a report from before dev list 2 judges dev list 1 and leaves dev list 2 not measured', () => {
  const rows = x4plusTargets(report({ psnr_y: 30.5, ssim_y: 0.81 }, {}, [10, 10, 10], null));
  assert.deepEqual(
    rows.map((t) => t.status),
    ['PASS', 'PASS', 'PASS', 'PASS', 'n/a', 'n/a', 'n/a', 'n/a', 'PASS'],
  );
  assert.deepEqual(
    rows.slice(4, 8).map((t) => t.measured),
    Array(4).fill('not measured'),
  );
});

test('the dvar-fast row is timed beside the pack under test but never judged', () => {
  const r = report({}, {}, [10, 9.9, 10]);
  r.speed!.cells.push(...[125, 250, 500].map((side) => cell('dvar-fast', side, 1)));
  const speed = x4plusTargets(r)[8]!;
  assert.equal(speed.status, 'MISS', 'the pack under test at 5 s/MP is more than half of 9.9');
  assert.equal(speed.measured.split(';').length, 3, "one ratio per size, the pack under test's");
});
