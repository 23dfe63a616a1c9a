// The restorer field hands every tile the window cores that cover it: with a per-pixel "restorer"
// (nearest ×2) the guide of any pass equals that restorer applied to the padded photo, whatever the
// windows; a window-aware one shows each output pixel comes from the window whose core holds it;
// windows are dropped once read, and the restorer reads fewer pixels than tile by tile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FloatImage, TileRect } from '../../../electron/engine/types.ts';
import { RestorerField } from '../../../electron/engine/pipeline/restorer-field.ts';
import { cropPadded } from '../../../electron/engine/tiling/pad-crop.ts';
import { planTiles } from '../../../electron/engine/tiling/tile-plan.ts';
import { syntheticImage } from '../../helpers/fixtures.ts';

function nearest2(lq: FloatImage): FloatImage {
  const width = lq.width * 2;
  const height = lq.height * 2;
  const data = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) data[c * width * height + y * width + x] = lq.data[c * lq.width * lq.height + (y >> 1) * lq.width + (x >> 1)]!;
    }
  }
  return { width, height, channels: 3, data };
}

function passesOf(image: FloatImage, context: number): { passes: TileRect[]; width: number; height: number } {
  const plan = planTiles({ width: image.width, height: image.height, multiple: 4, minSize: 16, tileSide: 32, overlap: 8, bottomContext: context });
  return { passes: plan.tiles.map((t) => ({ ...t, height: t.height + context })), width: plan.paddedWidth, height: plan.paddedHeight + context };
}

test('every guide is the restorer of the padded photo, whatever the windows', async () => {
  const image = syntheticImage(101, 77, 3);
  const { passes, width, height } = passesOf(image, 8);
  for (const window of [20, 48, 1000]) {
    const field = new RestorerField({ image, width, height, passes, upscale: 2, window, pad: 6, restore: async (lq) => nearest2(lq) });
    for (const [index, pass] of passes.entries()) {
      const guide = await field.guideFor(index);
      assert.deepEqual(guide, nearest2(cropPadded(image, pass.x, pass.y, pass.width, pass.height)), `window ${window}, pass ${index}`);
    }
    assert.equal(field.held, 0, 'every window is dropped after its last reader');
  }
});

test('each output pixel comes from the window whose core holds it, and windows are run once', async () => {
  // Channel 0 holds each pixel's x and channel 1 its y, so a window's first pixel names where it starts.
  const image: FloatImage = { width: 90, height: 60, channels: 3, data: new Float32Array(3 * 90 * 60) };
  for (let y = 0; y < 60; y++) for (let x = 0; x < 90; x++) [image.data[y * 90 + x], image.data[5400 + y * 90 + x]] = [x, y];
  const { passes, width, height } = passesOf(image, 0);
  let runs = 0;
  // A "restorer" whose whole output is the origin of the window it ran on.
  const restore = async (lq: FloatImage): Promise<FloatImage> => {
    runs++;
    const data = new Float32Array(3 * lq.width * lq.height * 4);
    data.fill(lq.data[0]!, 0, lq.width * lq.height * 4);
    data.fill(lq.data[lq.width * lq.height]!, lq.width * lq.height * 4);
    return { width: lq.width * 2, height: lq.height * 2, channels: 3, data };
  };
  // Cores of 45 × 30 px in a 2 × 2 grid; windows start 4 px before a core, except at the photo's edge.
  const field = new RestorerField({ image, width, height, passes, upscale: 2, window: 45, pad: 4, restore });
  let most = 0;
  for (const [index, pass] of passes.entries()) {
    const guide = await field.guideFor(index);
    most = Math.max(most, field.held);
    const plane = guide.width * guide.height;
    for (let y = 0; y < guide.height; y++) {
      for (let x = 0; x < guide.width; x++) {
        const lx = pass.x + (x >> 1);
        const ly = pass.y + (y >> 1);
        assert.equal(guide.data[y * guide.width + x], lx < 45 ? 0 : 41, `x origin at (${lx}, ${ly})`);
        assert.equal(guide.data[plane + y * guide.width + x], ly < 30 ? 0 : 26, `y origin at (${lx}, ${ly})`);
      }
    }
  }
  assert.equal(runs, 4, 'four windows, each run once');
  assert.equal(field.work.pixels, 4 * 49 * 34);
  assert.equal(field.held, 0);
  assert.ok(most <= 4);
});

test('on a large photo the restorer reads ~1.25× its pixels instead of ~1.35× tile by tile, two window rows at most held', async () => {
  const image = syntheticImage(640, 512, 5);
  const plan = planTiles({ width: 640, height: 512, multiple: 4, minSize: 16, tileSide: 96, overlap: 8, bottomContext: 8 });
  const passes = plan.tiles.map((t) => ({ ...t, height: t.height + 8 }));
  const perTile = passes.reduce((sum, p) => sum + p.width * p.height, 0) / (640 * 512);
  const restore = async (lq: FloatImage): Promise<FloatImage> => ({ width: lq.width * 4, height: lq.height * 4, channels: 3, data: new Float32Array(48 * lq.width * lq.height) });
  const field = new RestorerField({ image, width: 640, height: 520, passes, upscale: 4, restore });
  let most = 0;
  for (const index of passes.keys()) {
    await field.guideFor(index);
    most = Math.max(most, field.held);
  }
  const windowed = field.work.pixels / (640 * 512);
  assert.ok(perTile > 1.3, `tile by tile: ${perTile.toFixed(2)}× the photo`);
  assert.ok(windowed < 1.26 && windowed < 0.95 * perTile, `windows: ${windowed.toFixed(2)}× the photo, tile by tile ${perTile.toFixed(2)}×`);
  assert.ok(most <= 2 * 5, `held at most: ${most}`); // 5 windows across 640 px
});
