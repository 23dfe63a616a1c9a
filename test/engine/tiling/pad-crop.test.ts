import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cropPadded, cropPlanar, padImage } from '../../../electron/engine/tiling/pad-crop.ts';
import type { FloatImage } from '../../../electron/engine/types.ts';

/** A one-column, one-channel-looking image whose rows are 0, 1, 2, … (same in all three planes). */
function column(rows: number, width = 1): FloatImage {
  const data = new Float32Array(3 * rows * width);
  for (let c = 0; c < 3; c++) for (let y = 0; y < rows; y++) for (let x = 0; x < width; x++) data[c * rows * width + y * width + x] = y;
  return { width, height: rows, channels: 3, data };
}

test('rows below the photo mirror it, back and forth; columns to the right repeat the last one', () => {
  const padded = padImage(column(3, 2), 3, 9);
  const firstColumn = Array.from({ length: 9 }, (_, y) => padded.data[y * 3]!);
  assert.deepEqual(firstColumn, [0, 1, 2, 1, 0, 1, 2, 1, 0]);
  for (let y = 0; y < 9; y++) assert.equal(padded.data[y * 3 + 2], padded.data[y * 3 + 1], 'the added column repeats the last');
  assert.deepEqual(Array.from(padImage(column(1), 1, 4).data.subarray(0, 4)), [0, 0, 0, 0], 'a one-row photo repeats its row');
});

test('padding to the same size is free and cropping undoes padding', () => {
  const image = column(5, 4);
  assert.equal(padImage(image, 4, 5), image);
  assert.deepEqual(cropPlanar(padImage(image, 7, 12), 0, 0, 4, 5).data, image.data);
});

test('cropPadded reads any rectangle of the padded photo without padding it whole', () => {
  const image: FloatImage = { width: 7, height: 5, channels: 3, data: Float32Array.from({ length: 3 * 35 }, (_, i) => (i * 37) % 11) };
  const padded = padImage(image, 12, 17);
  for (const [x, y, w, h] of [
    [0, 0, 7, 5],
    [2, 1, 4, 3],
    [3, 2, 9, 15],
    [0, 4, 12, 13],
    [6, 0, 6, 17],
  ] as const) {
    assert.deepEqual(cropPadded(image, x, y, w, h).data, cropPlanar(padded, x, y, w, h).data, `${x},${y} ${w}×${h}`);
  }
});
