// The live restore's geometry: the canvas keeps the photo's aspect ratio, and each tile's preview is
// scaled from input pixels to canvas pixels and clipped to the photo (tiles of small photos are padded).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mosaicSize, originalSourceRect, tileDrawRect } from '../../renderer/src/restore/mosaic.ts';

test('the canvas has the photo aspect ratio with its longest side at the maximum', () => {
  assert.deepEqual(mosaicSize({ width: 4000, height: 3000 }), { width: 1024, height: 768 });
  assert.deepEqual(mosaicSize({ width: 90, height: 120 }), { width: 768, height: 1024 }); // small photos are upsampled
  assert.deepEqual(mosaicSize({ width: 3000, height: 1 }, 600), { width: 600, height: 1 });
});

test('a tile inside the photo lands on its rectangle, scaled to canvas pixels', () => {
  const photo = { width: 400, height: 300 };
  const canvas = { width: 800, height: 600 };
  const rect = tileDrawRect({ x: 100, y: 50, width: 200, height: 100 }, photo, { width: 128, height: 64 }, canvas);
  assert.deepEqual(rect, { sx: 0, sy: 0, sw: 128, sh: 64, dx: 200, dy: 100, dw: 400, dh: 200 });
});

test('a tile reaching past the photo (padding) is clipped in the preview and on the canvas', () => {
  // A 24×20 photo padded to one 32×32 tile whose preview is 64×64.
  const rect = tileDrawRect({ x: 0, y: 0, width: 32, height: 32 }, { width: 24, height: 20 }, { width: 64, height: 64 }, { width: 1024, height: 853 });
  assert.ok(rect);
  assert.deepEqual([rect.sx, rect.sy, rect.sw, rect.sh], [0, 0, 48, 40]);
  assert.deepEqual([rect.dx, rect.dy, rect.dw, rect.dh], [0, 0, 1024, 853]);
  // A tile entirely outside the photo draws nothing.
  assert.equal(tileDrawRect({ x: 30, y: 0, width: 8, height: 8 }, { width: 24, height: 20 }, { width: 8, height: 8 }, { width: 240, height: 200 }), null);
});

test('the original under the canvas is the whole photo, or only the region a preview region restores', () => {
  // A 1024×768 picture of a 4000×3000 photo.
  const original = { width: 1024, height: 768 };
  assert.deepEqual(originalSourceRect(original, null), { sx: 0, sy: 0, sw: 1024, sh: 768 });
  const crop = { region: { x: 1000, y: 500, width: 500, height: 250 }, photo: { width: 4000, height: 3000 } };
  assert.deepEqual(originalSourceRect(original, crop), { sx: 256, sy: 128, sw: 128, sh: 64 });
});
