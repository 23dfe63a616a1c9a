// Issue 9's targets judged from a report: each verdict flips on its own threshold, a size where x4plus
// was not measured leaves the speed verdict open, and a report without the new scores says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MethodScores } from '../../bench/lib/dev-set.ts';
import type { BenchReport } from '../../bench/report/types.ts';
import { x4plusTargets } from '../../bench/report/x4plus-targets.ts';
import type { SpeedCell } from '../../bench/sections/speed.ts';

const scores = (o: Partial<MethodScores>): MethodScores =>
  ({ psnr_y: 30, ssim_y: 0.8, sharpness: 0.8, brisque: 35, luma_shift_mean: 0.2, luma_shift_max_abs: 0.5, pairs: 12, ...o });
const cell = (method: string, side: number, secondsPerMP: number | null): SpeedCell =>
  ({ method, side, outputMP: (16 * side * side) / 1e6, seconds: secondsPerMP, secondsPerMP });

function report(dvar: Partial<MethodScores>, x4plus: Partial<MethodScores>, x4plusSpeed: Array<number | null>): BenchReport {
  const sides = [125, 250, 500];
  return {
    meta: { mode: 'full' } as BenchReport['meta'],
    quality: { dir: 'd', synthetic: false, defaultMethod: 'dvar-wavelet', fastPack: null, seconds: {}, montage: 'm',
      scores: { realesrgan: { 'dvar-wavelet': scores(dvar), 'realesrgan-x4plus': scores(x4plus) } } },
    speed: { threads: 2, repeat: 1, tfjsBackend: 'wasm', tfjsThreads: 1, peerRuntimes: {}, dvar: [],
      cells: sides.flatMap((side, i) => [cell('realesrgan-x4plus', side, x4plusSpeed[i]!), cell('dvar (p)', side, 5)]) },
    errors: {}, targets: [], plots: [],
  };
}
const verdicts = (r: BenchReport) => x4plusTargets(r).map((t) => t.status);

test('a pack ahead of x4plus on every count passes all five', () => {
  assert.deepEqual(verdicts(report({ psnr_y: 30.5, ssim_y: 0.81 }, { psnr_y: 30.4, ssim_y: 0.80, brisque: 35.7 }, [10, 11, 12])), ['PASS', 'PASS', 'PASS', 'PASS', 'PASS']);
});

test('each target misses on its own threshold', () => {
  assert.deepEqual(verdicts(report({ psnr_y: 30.5, ssim_y: 0.79 }, { ssim_y: 0.8 }, [10, 10, 10])).slice(0, 1), ['MISS'], 'SSIM-Y behind x4plus');
  assert.equal(verdicts(report({ brisque: 40.1 }, { psnr_y: 20, ssim_y: 0.5 }, [10, 10, 10]))[1], 'MISS');
  assert.equal(verdicts(report({ sharpness: 0.74 }, {}, [10, 10, 10]))[2], 'MISS');
  assert.equal(verdicts(report({ luma_shift_mean: -1.2 }, {}, [10, 10, 10]))[3], 'MISS');
  assert.equal(verdicts(report({}, {}, [10, 9.9, 10]))[4], 'MISS', '5 s/MP is more than half of 9.9');
});

test('the speed verdict waits for x4plus at every size, and an old report is not measured', () => {
  const missing = x4plusTargets(report({}, {}, [10, 10, null]))[4]!;
  assert.equal(missing.status, 'n/a');
  assert.match(missing.measured, /x4plus missing at some sizes/);
  const old = report({}, {}, [10, 10, 10]);
  delete (old.quality as { defaultMethod?: string }).defaultMethod;
  assert.deepEqual(x4plusTargets(old).slice(0, 4).map((t) => t.measured), Array(4).fill('not measured'));
});
