import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detailTransfer } from '../../../electron/engine/pipeline/detail-transfer.ts';
import type { FloatImage } from '../../../electron/engine/types.ts';
import { decodeImage, readParityFile } from '../../helpers/fixtures.ts';

// Written by models/dvar/restorer/make_parity.py from the PyTorch twin (detail_transfer.py).
const parity = readParityFile('detail-transfer');

function image(data: string): FloatImage {
  return decodeImage({ width: parity.width, height: parity.height, data });
}

test('detail transfer matches its PyTorch twin at every level count, on all channels and on luma alone', () => {
  const decoded = image(parity.decoded);
  const restored = image(parity.restored);
  assert.deepEqual(new Set(parity.cases.map((c: { space: string }) => c.space)), new Set(['rgb', 'luma']));
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
