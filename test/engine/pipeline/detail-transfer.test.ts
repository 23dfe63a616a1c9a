import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandWeightedTransfer, detailTransfer } from '../../../electron/engine/pipeline/detail-transfer.ts';
import { applyFidelityGuard } from '../../../electron/engine/pipeline/fidelity-guard.ts';
import type { FloatImage } from '../../../electron/engine/types.ts';
import { decodeImage, readParityFile } from '../../helpers/fixtures.ts';
import { detailTransferParity } from '../../helpers/parity-files.ts';

// Written by models/dvar/restorer/make_parity.py from the PyTorch twin (detail_transfer.py).
const parity = readParityFile('detail-transfer', detailTransferParity);

function image(data: string): FloatImage {
  return decodeImage({ width: parity.width, height: parity.height, data });
}

test('detail transfer matches its PyTorch twin at every level count, on all channels and on luma alone', () => {
  const decoded = image(parity.decoded);
  const restored = image(parity.restored);
  assert.deepEqual(new Set(parity.cases.map((c) => c.space)), new Set(['rgb', 'luma']));
  for (const { levels, space, expected } of parity.cases) {
    const out = detailTransfer(decoded, restored, levels, space);
    const want = image(expected).data;
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(out.data[i]! - want[i]!));
    assert.ok(worst <= parity.tolerance, `${space}, levels ${levels}: max difference ${worst}`);
  }
});

test('no levels keeps the decoded image; equal images pass through', () => {
  const decoded = image(parity.decoded);
  assert.equal(detailTransfer(decoded, image(parity.restored), 0), decoded);
  const same = detailTransfer(decoded, decoded, 2);
  assert.ok(same.data.every((v, i) => Math.abs(v - decoded.data[i]!) < 1e-6));
});

test('on luma alone, colour stays the restorer’s: its chroma is unchanged wherever nothing clamps', () => {
  const decoded = image(parity.decoded);
  const restored = image(parity.restored);
  const out = detailTransfer(decoded, restored, 2, 'luma');
  const n = out.width * out.height;
  const chroma = (img: FloatImage, i: number) => [
    -0.168736 * img.data[i]! - 0.331264 * img.data[n + i]! + 0.5 * img.data[2 * n + i]!,
    0.5 * img.data[i]! - 0.418688 * img.data[n + i]! - 0.081312 * img.data[2 * n + i]!,
  ];
  let checked = 0;
  for (let i = 0; i < n; i++) {
    if ([0, 1, 2].some((c) => out.data[c * n + i] === 0 || out.data[c * n + i] === 1)) continue;
    const [a, b] = chroma(out, i);
    const [ra, rb] = chroma(restored, i);
    assert.ok(Math.abs(a! - ra!) < 1e-5 && Math.abs(b! - rb!) < 1e-5, `pixel ${i}`);
    checked++;
  }
  assert.ok(checked > n / 4, `${checked} unclamped pixels of ${n}`);
});

test('band weights (0, 0, 1, …, 1) come close to the luma detail transfer once the guard anchors the coarsest bands', () => {
  const decoded = image(parity.decoded);
  const restored = image(parity.restored);
  const reference = image(parity.restored);
  const levels = 4;
  const viaBands = applyFidelityGuard('wavelet', bandWeightedTransfer(decoded, restored, [0, 0, 1, 1]), reference, levels);
  const viaLowPass = applyFidelityGuard('wavelet', detailTransfer(decoded, restored, 2, 'luma'), reference, levels);
  // Not equal: the à-trous low-pass is not idempotent, so the guard's low-pass of low₂ differs from low₄.
  let sum = 0;
  for (let i = 0; i < viaBands.data.length; i++) sum += Math.abs(viaBands.data[i]! - viaLowPass.data[i]!);
  const mean = sum / viaBands.data.length;
  assert.ok(mean < 5e-3, `mean difference ${mean} (about one 8-bit level at most)`);
});

test('band weights scale each band of the luma correction and leave colour alone', () => {
  const decoded = image(parity.decoded);
  const restored = image(parity.restored);
  const n = restored.width * restored.height;
  const zero = bandWeightedTransfer(decoded, restored, [0, 0, 0]);
  let moved = 0;
  for (let i = 0; i < zero.data.length; i++) moved = Math.max(moved, Math.abs(zero.data[i]! - Math.min(1, Math.max(0, restored.data[i]!))));
  assert.ok(moved < 1e-6, 'all-zero weights keep the restored image');
  const one = bandWeightedTransfer(decoded, restored, [0, 1]);
  const two = bandWeightedTransfer(decoded, restored, [0, 2]);
  // Away from clamping, R − G is the restorer's everywhere and band 1 doubles with its weight.
  let checked = 0;
  for (let i = 0; i < n; i++) {
    const inRange = [one, two].every((im) => [0, 1, 2].every((c) => im.data[c * n + i]! > 0.01 && im.data[c * n + i]! < 0.99));
    if (!inRange) continue;
    checked++;
    assert.ok(Math.abs(one.data[i]! - one.data[n + i]! - (restored.data[i]! - restored.data[n + i]!)) < 1e-5);
    assert.ok(Math.abs(two.data[i]! - restored.data[i]! - 2 * (one.data[i]! - restored.data[i]!)) < 1e-5);
  }
  assert.ok(checked > n / 2);
});
