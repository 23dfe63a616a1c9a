import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { ConfidenceMapBuilder } from '../../electron/jobs/confidence-map.ts';
import { heatPixels, heatPngDataUrl } from '../../electron/jobs/confidence-heat.ts';

const map = (width: number, height: number, f: (x: number, y: number) => number) => ({
  width,
  height,
  data: Float32Array.from({ length: width * height }, (_, i) => f(i % width, Math.floor(i / width))),
});

test('tiles land where they sit in the photo, overlaps average, padding past the photo is dropped', () => {
  // A 20×12 photo, cells of 2 input pixels: two tiles 12 px wide overlapping by 4 px, 14 px tall
  // (2 context rows below the photo).
  const builder = new ConfidenceMapBuilder(20, 12);
  builder.add({ tile: { x: 0, y: 0, width: 12, height: 14 }, entropyMap: map(6, 7, () => 1) });
  builder.add({ tile: { x: 8, y: 0, width: 12, height: 14 }, entropyMap: map(6, 7, () => 3) });
  builder.add({ tile: { x: 8, y: 0, width: 12, height: 14 } }); // an event without a map
  const result = builder.result()!;
  assert.deepEqual({ width: result.width, height: result.height, cell: result.cell }, { width: 10, height: 6, cell: 2 });
  assert.deepEqual(Array.from(result.data.subarray(0, 10)), [1, 1, 1, 1, 2, 2, 3, 3, 3, 3]);
  assert.equal(new ConfidenceMapBuilder(4, 4).result(), null);
});

test('the heat image is clear where the model was sure and red where it guessed', async () => {
  const heat = map(4, 1, (x) => x);
  const pixels = heatPixels(heat);
  assert.equal(pixels[3], 0, 'entropy 0: transparent');
  assert.deepEqual(Array.from(pixels.subarray(12, 16)), [255, 0, 0, 200], 'the top: opaque-ish red');
  assert.ok(pixels[7]! < pixels[11]!, 'alpha grows with entropy');
  const url = await heatPngDataUrl(heat);
  const meta = await sharp(Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64')).metadata();
  assert.deepEqual([meta.width, meta.height, meta.channels], [4, 1, 4]);
});
