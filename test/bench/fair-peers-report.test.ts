// The fair comparison's report judges DVAR against (b), the restorer + guard, on every list and input
// kind, the transformer against E_dr's tokens on the held-out list, and the speed against the restorer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fairPeersMarkdown, type FairPeersReport } from '../../bench/report/fair-peers-report.ts';
import type { MethodScores } from '../../bench/lib/dev-set.ts';

const s = (psnr_y: number, ssim_y: number, sharpness: number, brisque: number): MethodScores => ({
  psnr_y,
  ssim_y,
  sharpness,
  brisque,
  luma_shift_mean: 0,
  luma_shift_max_abs: 0,
  psnr_cbcr: 40,
  pairs: 12,
});

function report(dvar: MethodScores, encoder: MethodScores): FairPeersReport {
  const methods = { dvar, 'restorer-guard3': s(27, 0.68, 0.67, 35), 'dvar-tokens-encoder': encoder, restorer: s(26.5, 0.67, 0.66, 37) };
  return {
    date: 'today',
    pack: 'test 1',
    threads: 2,
    guardDepth: 3,
    depthPsnr: { 3: 27, 4: 26.9 },
    quality: { dev3: { realesrgan: methods } },
    speed: [{ side: 250, outputMP: 1, restorerSPerMP: 4, dvarSPerMP: 6.6, dvarStagesMs: { restorer: 4000, step: 900 } }],
  };
}

test('DVAR passes where it is within the margins of (b) and better in BRISQUE and sharpness, and misses where not', () => {
  const md = fairPeersMarkdown(report(s(26.96, 0.679, 0.7, 30), s(26.96, 0.679, 0.7, 30)), {});
  assert.match(md, /PSNR-Y ≥ \(b\) − 0\.05 dB \| 26\.96 vs 27\.00 \| \*\*PASS\*\*/);
  assert.match(md, /SSIM-Y ≥ \(b\) − 0\.002 \| 0\.6790 vs 0\.6800 \| \*\*PASS\*\*/);
  assert.match(md, /BRISQUE < \(b\) \| 30\.0 vs 35\.0 \| \*\*PASS\*\*/);
  assert.match(md, /sharpness > \(b\) \| 0\.700 vs 0\.670 \| \*\*PASS\*\*/);
  const worse = fairPeersMarkdown(report(s(26.9, 0.677, 0.6, 36), s(26.9, 0.677, 0.6, 36)), {});
  for (const target of ['PSNR-Y ≥', 'SSIM-Y ≥', 'BRISQUE <', 'sharpness >']) assert.match(worse, new RegExp(`${target.replace(/[()]/g, '\\$&')}[^\\n]*MISS`));
});

test('the transformer must beat E_dr tokens by 0.1 dB, or by 1 BRISQUE at equal PSNR-Y; speed within 1.25× of the restorer', () => {
  const tie = fairPeersMarkdown(report(s(27, 0.68, 0.7, 30), s(26.98, 0.68, 0.7, 30.5)), {});
  assert.match(tie, /transformer beats E_dr tokens only[^\n]*\+0\.02 dB[^\n]*MISS/);
  const natural = fairPeersMarkdown(report(s(27, 0.68, 0.7, 29), s(26.98, 0.68, 0.7, 30.5)), {});
  assert.match(natural, /transformer beats E_dr tokens only[^\n]*PASS/);
  assert.match(tie, /≤ 1\.25× the restorer alone[^\n]*\(1\.65×\) \| \*\*MISS\*\*/);
  assert.match(tie, /\| restorer \| 4000 \|/);
});

test('a speed-only report says no guard depth was chosen instead of naming one', () => {
  const md = fairPeersMarkdown({ ...report(s(27, 0.68, 0.7, 30), s(27, 0.68, 0.7, 30)), quality: {}, guardDepth: 0, depthPsnr: {} }, {});
  assert.match(md, /Speed only \(`--no-quality`\): no dev list was scored/);
  assert.doesNotMatch(md, /guard at 0 levels/);
});
