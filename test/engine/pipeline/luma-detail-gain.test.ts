import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLumaDetailGain } from '../../../electron/engine/pipeline/luma-detail-gain.ts';
import { lowPassPlane } from '../../../electron/engine/pipeline/fidelity-guard.ts';
import type { FloatImage } from '../../../electron/engine/types.ts';
import { decodeImage, readParityFile } from '../../helpers/fixtures.ts';
import { detailTransferParity } from '../../helpers/parity-files.ts';

// Written by models/dvar/restorer/make_parity.py from the PyTorch twin (detail_transfer.luma_detail_gain).
const parity = readParityFile('detail-transfer', detailTransferParity);
const restored: FloatImage = decodeImage({ width: parity.width, height: parity.height, data: parity.restored });

test('the luma detail gain matches its PyTorch twin, raising and lowering, coarse and fine', () => {
  assert.ok(parity.gains.some((c) => c.gain < 1) && parity.gains.some((c) => c.gain > 1));
  for (const { gain, levels, expected } of parity.gains) {
    const out = applyLumaDetailGain(restored, { gain, levels });
    const want = decodeImage({ width: parity.width, height: parity.height, data: expected }).data;
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(out.data[i]! - want[i]!));
    assert.ok(worst <= parity.tolerance, `gain ${gain}, levels ${levels}: max difference ${worst}`);
  }
});

test('gain 1 is the identity; the original is never written', () => {
  assert.equal(applyLumaDetailGain(restored, { gain: 1, levels: 4 }), restored);
  const before = restored.data.slice();
  applyLumaDetailGain(restored, { gain: 1.3, levels: 4 });
  assert.deepEqual(restored.data, before);
});

test('a gain scales the fine bands of a mid-grey ramp with texture, leaves its low-pass and its colour', () => {
  // Values stay well inside [0, 1], so nothing clamps and the arithmetic is exact up to float rounding.
  const [w, h] = [48, 40];
  const n = w * h;
  const data = new Float32Array(3 * n);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const base = 0.3 + 0.004 * x + 0.05 * Math.sin(x * 1.7) * Math.cos(y * 1.3);
      data[i] = base + 0.05;
      data[n + i] = base;
      data[2 * n + i] = base - 0.05;
    }
  const image: FloatImage = { width: w, height: h, channels: 3, data };
  const out = applyLumaDetailGain(image, { gain: 1.5, levels: 3 });
  const lumaOf = (img: FloatImage) =>
    Float32Array.from({ length: n }, (_, i) => 0.299 * img.data[i]! + 0.587 * img.data[n + i]! + 0.114 * img.data[2 * n + i]!);
  const [yIn, yOut] = [lumaOf(image), lumaOf(out)];
  const [lowIn, lowOut] = [yIn.slice(), yOut.slice()];
  lowPassPlane(lowIn, w, h, 3);
  lowPassPlane(lowOut, w, h, 3);
  let fineIn = 0;
  let fineOut = 0;
  for (let i = 0; i < n; i++) {
    fineIn += Math.abs(yIn[i]! - lowIn[i]!);
    fineOut += Math.abs(yOut[i]! - lowOut[i]!);
    // Every channel moved by the same amount: R − G and B − G are what they were.
    assert.ok(Math.abs(out.data[i]! - out.data[n + i]! - 0.05) < 1e-5 && Math.abs(out.data[2 * n + i]! - out.data[n + i]! + 0.05) < 1e-5);
  }
  // The fine bands grow by about the gain (not exactly: the low-pass is not an ideal band split).
  assert.ok(fineOut / fineIn > 1.35 && fineOut / fineIn < 1.65, `fine-band ratio ${fineOut / fineIn}`);
  const meanIn = yIn.reduce((a, b) => a + b, 0) / n;
  const meanOut = yOut.reduce((a, b) => a + b, 0) / n;
  assert.ok(Math.abs(meanOut - meanIn) < 2e-3, `mean luma moved by ${meanOut - meanIn}`);
});
