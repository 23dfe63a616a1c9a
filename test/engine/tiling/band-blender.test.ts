// The banded blender: rows taken as soon as no later tile reaches them are bit-identical to the whole
// image TileBlender blends, the band it holds stays about two tile rows high whatever the image height,
// and a tile reaching rows already taken is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BandBlender } from '../../../electron/engine/tiling/band-blender.ts';
import { featherFor } from '../../../electron/engine/tiling/blend.ts';
import { TileBlender } from './whole-image-blender.ts';
import { planTiles } from '../../../electron/engine/tiling/tile-plan.ts';

const UP = 3;

const LAYOUTS = [
  { width: 100, height: 100, tileSide: 64, overlap: 8 },
  { width: 97, height: 161, tileSide: 33, overlap: 7 },
  { width: 30, height: 230, tileSide: 50, overlap: 5 },
  { width: 130, height: 70, tileSide: 64, overlap: 0 },
  { width: 20, height: 20, tileSide: 64, overlap: 8 },
];

/** Deterministic, irregular tile content: every tile disagrees with its neighbours. */
function tileData(index: number, width: number, height: number): Float32Array {
  const data = new Float32Array(3 * width * height);
  for (let i = 0; i < data.length; i++) data[i] = Math.abs(Math.sin(index * 12.9898 + i * 78.233)) % 1;
  return data;
}

for (const layout of LAYOUTS) {
  test(`banded rows equal the whole-image blend bit for bit (${layout.width}×${layout.height}, tile ${layout.tileSide})`, () => {
    const plan = planTiles({ ...layout, multiple: 1, minSize: 4 });
    const W = plan.paddedWidth * UP;
    const H = plan.paddedHeight * UP;
    const whole = new TileBlender(W, H, 3);
    const banded = new BandBlender(W, H, 3);
    const out = new Float32Array(3 * W * H);
    let maxHeld = 0;
    plan.tiles.forEach((tile, i) => {
      const rect = { x: tile.x * UP, y: tile.y * UP, width: tile.width * UP, height: tile.height * UP };
      const data = tileData(i, rect.width, rect.height);
      const feather = featherFor(tile, plan.tiles, layout.overlap, UP);
      whole.add(data, rect, feather);
      banded.add(data, rect, feather);
      maxHeld = Math.max(maxHeld, banded.heldRows);
      const next = plan.tiles[i + 1];
      const band = banded.take(next ? Math.min(...plan.tiles.slice(i + 1).map((t) => t.y)) * UP : H);
      if (!band) return;
      const n = band.rows * W;
      for (let c = 0; c < 3; c++) out.set(band.data.subarray(c * n, (c + 1) * n), c * W * H + band.y * W);
    });
    assert.equal(banded.nextRow, H);
    assert.deepEqual(out, whole.result());
    assert.ok(maxHeld <= 2 * plan.tiles[0]!.height * UP, `held ${maxHeld} rows`);
  });
}

test('the band stays bounded on a tall image and tiles above taken rows are refused', () => {
  const plan = planTiles({ width: 40, height: 2000, multiple: 1, minSize: 4, tileSide: 32, overlap: 4 });
  const blender = new BandBlender(plan.paddedWidth, plan.paddedHeight, 3);
  let maxHeld = 0;
  for (const [i, tile] of plan.tiles.entries()) {
    blender.add(tileData(i, tile.width, tile.height), tile, featherFor(tile, plan.tiles, 4));
    maxHeld = Math.max(maxHeld, blender.heldRows);
    blender.take(plan.tiles[i + 1]?.y ?? plan.paddedHeight);
  }
  assert.ok(maxHeld <= 2 * 32, `held ${maxHeld} rows of 2000`);
  assert.equal(blender.heldRows, 0);
  const late = new BandBlender(8, 8, 3);
  late.add(new Float32Array(3 * 16).fill(1), { x: 0, y: 0, width: 4, height: 4 });
  assert.equal(late.take(2)?.rows, 2);
  assert.throws(() => late.add(new Float32Array(3 * 16), { x: 0, y: 1, width: 4, height: 4 }), /already taken/);
  // Rows no tile reached come out as zeros, as in TileBlender.
  const rest = late.take(8)!;
  assert.equal(rest.rows, 6);
  assert.equal(rest.data[3 * 8], 0);
  assert.equal(late.take(8), null);
});
