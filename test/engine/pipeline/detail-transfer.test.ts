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

test('detail transfer matches its PyTorch twin at every level count', () => {
  const decoded = image(parity.decoded);
  const restored = image(parity.restored);
  for (const { levels, expected } of parity.cases) {
    const out = detailTransfer(decoded, restored, levels);
    const want = image(expected).data;
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(out.data[i]! - want[i]!));
    assert.ok(worst <= parity.tolerance, `levels ${levels}: max difference ${worst}`);
  }
});

test('no levels keeps the decoded image; equal images pass through', () => {
  const decoded = image(parity.decoded);
  assert.equal(detailTransfer(decoded, image(parity.restored), 0), decoded);
  const same = detailTransfer(decoded, decoded, 2);
  assert.ok(same.data.every((v, i) => Math.abs(v - decoded.data[i]!) < 1e-6));
});
