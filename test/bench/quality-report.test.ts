// summary.md and quality.png from a report's quality section: one heading, two tables and a montage per
// dev list, and a report.json from before dev list 2 (quality without `dev2`) still renders, with a
// note that dev list 2 was not measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MethodScores } from '../../bench/lib/dev-set.ts';
import { qualityChart } from '../../bench/report/plots.ts';
import { summary } from '../../bench/report/summary.ts';
import { targets } from '../../bench/report/targets.ts';
import type { BenchReport } from '../../bench/report/types.ts';

const s = (psnr_y: number): MethodScores => ({ psnr_y, ssim_y: 0.8, sharpness: 0.8, brisque: 35, luma_shift_mean: 0.2, luma_shift_max_abs: 0.5, pairs: 6 });
const scores = (psnr: number) => ({ realesrgan: { 'dvar-wavelet': s(psnr), 'realesrgan-x4plus': s(psnr - 1) }, bicubic: { 'dvar-wavelet': s(psnr + 2) } });

function report(withDev2: boolean): BenchReport {
  const r: BenchReport = {
    meta: { mode: 'full', date: 'd', quickRss: false, threads: 2, pack: 'p', packName: 'p', cpu: 'c', node: 'n', onnxruntime: 'o', commit: null, seconds: 60 },
    quality: {
      dir: 'models/runs/dev-images',
      synthetic: false,
      defaultMethod: 'dvar-wavelet',
      fastPack: null,
      seconds: {},
      montage: 'montage.png',
      scores: scores(31),
      ...(withDev2
        ? {
            dev2: {
              list: 'dev2' as const,
              title: 'Dev list 2: 6 new photos',
              dir: 'models/runs/dev-images-2',
              synthetic: false,
              seconds: {},
              montage: 'montage-dev2.png',
              scores: scores(27),
            },
          }
        : {}),
    },
    errors: {},
    targets: [],
    plots: [],
  };
  r.targets = targets(r);
  return r;
}

test('two dev lists: a heading, two tables and a montage each, and both in quality.png', () => {
  const r = report(true);
  const md = summary(r);
  for (const text of [
    '### Dev list 1: the original 6 photos',
    '### Dev list 2: 6 new photos',
    'Dev pairs in `models/runs/dev-images`.',
    'Dev pairs in `models/runs/dev-images-2`.',
    'set `dev2` in `docs/photo-credits.md`',
    '![montage, dev list 1](montage.png)',
    '![montage, dev list 2](montage-dev2.png)',
    '| **dvar-wavelet** | 27.00 |',
    '| **dvar-wavelet** | 31.00 |',
  ])
    assert.ok(md.includes(text), text);
  assert.ok(md.indexOf('### Dev list 1') < md.indexOf('### Dev list 2'));
  assert.ok(!md.includes('not measured in this report'));
  const inputs = new Set((qualityChart(r)!.data as { values: Array<{ input: string }> }).values.map((v) => v.input));
  assert.deepEqual([...inputs], ['dev list 1, realesrgan', 'dev list 1, bicubic', 'dev list 2, realesrgan', 'dev list 2, bicubic']);
  assert.match(r.targets.find((t) => t.name.startsWith('dev list 2, real-degraded: PSNR-Y'))!.measured, /dvar-wavelet 27\.00 dB/);
});

test('a report.json from before dev list 2 still renders: dev list 1 only, dev list 2 said to be missing', () => {
  const r = JSON.parse(JSON.stringify(report(false))) as BenchReport;
  const md = summary(r);
  assert.ok(md.includes('### Dev list 1: the original 6 photos'));
  assert.ok(!md.includes('### Dev list 2'));
  assert.ok(md.includes('_Dev list 2 was not measured in this report'));
  const inputs = new Set((qualityChart(r)!.data as { values: Array<{ input: string }> }).values.map((v) => v.input));
  assert.deepEqual([...inputs], ['dev list 1, realesrgan', 'dev list 1, bicubic']);
  assert.equal(r.targets.filter((t) => t.name.startsWith('dev list 2') && t.status === 'n/a' && t.measured === 'not measured').length, 4);
});
