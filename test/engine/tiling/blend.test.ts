import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blendBytesPerPixel, featherFor } from '../../../electron/engine/tiling/blend.ts';
import { TileBlender } from './whole-image-blender.ts';
import { planTiles } from '../../../electron/engine/tiling/tile-plan.ts';
import type { TileRect } from '../../../electron/engine/types.ts';

const UP = 2;

interface Layout {
  name: string;
  width: number;
  height: number;
  tileSide: number;
  overlap: number;
}

const LAYOUTS: Layout[] = [
  { name: '2x2 overlap 8', width: 100, height: 100, tileSide: 64, overlap: 8 },
  { name: '1x3 overlap 8', width: 150, height: 40, tileSide: 64, overlap: 8 },
  { name: '3x1 overlap 5', width: 30, height: 130, tileSide: 50, overlap: 5 },
  { name: 'odd sizes', width: 97, height: 61, tileSide: 33, overlap: 7 },
  { name: 'overlap 0, exact fit', width: 128, height: 64, tileSide: 64, overlap: 0 },
  { name: 'overlap 0, shifted last tile', width: 130, height: 70, tileSide: 64, overlap: 0 },
  { name: 'single tile', width: 20, height: 20, tileSide: 64, overlap: 8 },
];

/** Blends tiles cut from `source(x, y, c)` (output pixels) over a planned layout. */
function blendLayout(layout: Layout, channels: number, source: (x: number, y: number, c: number) => number) {
  const plan = planTiles({ width: layout.width, height: layout.height, multiple: 1, minSize: 4, tileSide: layout.tileSide, overlap: layout.overlap });
  const W = plan.paddedWidth * UP;
  const H = plan.paddedHeight * UP;
  const blender = new TileBlender(W, H, channels);
  for (const tile of plan.tiles) {
    const rect: TileRect = { x: tile.x * UP, y: tile.y * UP, width: tile.width * UP, height: tile.height * UP };
    const data = new Float32Array(channels * rect.width * rect.height);
    for (let c = 0; c < channels; c++)
      for (let y = 0; y < rect.height; y++)
        for (let x = 0; x < rect.width; x++) data[(c * rect.height + y) * rect.width + x] = source(rect.x + x, rect.y + y, c);
    blender.add(data, rect, featherFor(tile, plan.tiles, layout.overlap, UP));
  }
  const minWeight = blender.minWeight();
  return { W, H, plan, minWeight, image: blender.result() };
}

test('constant tiles blend to the constant everywhere, with positive weights', () => {
  for (const layout of LAYOUTS) {
    const { image, minWeight } = blendLayout(layout, 3, (_x, _y, c) => 0.2 + 0.3 * c);
    assert.ok(minWeight > 0, `${layout.name}: min weight ${minWeight}`);
    const plane = image.length / 3;
    for (let i = 0; i < image.length; i++) {
      const expected = 0.2 + 0.3 * Math.floor(i / plane);
      assert.ok(Math.abs(image[i]! - expected) < 1e-6, `${layout.name}[${i}] = ${image[i]}`);
    }
  }
});

test('a gradient cut into tiles and blended equals the original', () => {
  for (const layout of LAYOUTS) {
    const source = (x: number, y: number, c: number) => ((x * 0.37 + y * 0.11 + c * 5) % 97) / 97;
    const { image, W, H } = blendLayout(layout, 3, source);
    let maxErr = 0;
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) maxErr = Math.max(maxErr, Math.abs(image[(c * H + y) * W + x]! - source(x, y, c)));
    assert.ok(maxErr <= 1e-6, `${layout.name}: max error ${maxErr}`);
  }
});

test('disagreeing neighbours cross-fade without a step', () => {
  // Left tile says 0, right tile says 1: across the 8-LQ-px (16 output px) band the blend ramps evenly.
  const plan = planTiles({ width: 120, height: 16, multiple: 1, minSize: 4, tileSide: 64, overlap: 8 });
  assert.equal(plan.tiles.length, 2);
  const W = plan.paddedWidth * UP;
  const H = plan.paddedHeight * UP;
  const blender = new TileBlender(W, H, 1);
  plan.tiles.forEach((tile, i) => {
    const rect = { x: tile.x * UP, y: tile.y * UP, width: tile.width * UP, height: tile.height * UP };
    blender.add(new Float32Array(rect.width * rect.height).fill(i), rect, featherFor(tile, plan.tiles, 8, UP));
  });
  const row = blender.result().subarray(0, W);
  let maxStep = 0;
  for (let x = 1; x < W; x++) maxStep = Math.max(maxStep, Math.abs(row[x]! - row[x - 1]!));
  assert.ok(maxStep <= 1 / 16 + 1e-6, `max step ${maxStep}`);
  assert.equal(row[0], 0);
  assert.equal(row[W - 1], 1);
});

test('featherFor fades only edges shared with a neighbour, never the image border', () => {
  const plan = planTiles({ width: 100, height: 100, multiple: 1, minSize: 4, tileSide: 64, overlap: 8 });
  assert.equal(plan.tiles.length, 4);
  const [tl, tr, bl, br] = plan.tiles;
  assert.deepEqual(featherFor(tl!, plan.tiles, 8, 4), { left: 0, right: 32, top: 0, bottom: 32 });
  assert.deepEqual(featherFor(tr!, plan.tiles, 8), { left: 8, right: 0, top: 0, bottom: 8 });
  assert.deepEqual(featherFor(bl!, plan.tiles, 8), { left: 0, right: 8, top: 8, bottom: 0 });
  assert.deepEqual(featherFor(br!, plan.tiles, 8), { left: 8, right: 0, top: 8, bottom: 0 });
  // A band wider than the planned overlap (tiles given explicitly: 64 - 36 = 28 shared) fades over
  // at most the cap; a cap of 0 turns fading off.
  const row = [
    { x: 0, y: 0, width: 64, height: 10 },
    { x: 36, y: 0, width: 64, height: 10 },
  ];
  assert.deepEqual(featherFor(row[1]!, row, 0), { left: 0, right: 0, top: 0, bottom: 0 });
  assert.deepEqual(featherFor(row[1]!, row, 100), { left: 28, right: 0, top: 0, bottom: 0 });
  assert.deepEqual(featherFor(row[0]!, row, 100), { left: 0, right: 28, top: 0, bottom: 0 });
});

test('tiles over the padding are clipped; memory is 16 bytes per RGB pixel', () => {
  const blender = new TileBlender(4, 3, 3);
  blender.add(new Float32Array(3 * 4 * 6).fill(0.5), { x: -1, y: 0, width: 6, height: 4 });
  assert.ok(blender.result().every((v) => v === 0.5));
  assert.throws(() => blender.add(new Float32Array(3), { x: 0, y: 0, width: 1, height: 1 }));
  assert.throws(() => new TileBlender(2, 2, 3).add(new Float32Array(5), { x: 0, y: 0, width: 2, height: 2 }), RangeError);
  assert.equal(blendBytesPerPixel(3), 16);
});
