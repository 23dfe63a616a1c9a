import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planTiles, tileSideForBudget } from '../../../electron/engine/tiling/tile-plan.ts';
import { DvarError } from '../../../electron/engine/errors.ts';
import type { TileRect } from '../../../electron/engine/types.ts';

const base = { multiple: 2, minSize: 16, tileSide: 64, overlap: 8 };

/** Checks coverage, bounds, exact edges, overlaps and tile shapes of a plan. */
function checkPlan(width: number, height: number, opts = base): { tiles: TileRect[]; paddedWidth: number; paddedHeight: number } {
  const plan = planTiles({ width, height, ...opts });
  const { tiles, paddedWidth: pw, paddedHeight: ph } = plan;
  assert.ok(pw >= width && ph >= height);
  const covered = new Uint8Array(pw * ph);
  for (const t of tiles) {
    assert.ok(t.x >= 0 && t.y >= 0 && t.x + t.width <= pw && t.y + t.height <= ph, `tile ${JSON.stringify(t)} inside ${pw}x${ph}`);
    assert.equal(t.width % opts.multiple, 0);
    assert.equal(t.height % opts.multiple, 0);
    assert.ok(t.width >= opts.minSize && t.height >= opts.minSize);
    for (let y = t.y; y < t.y + t.height; y++) covered.fill(1, y * pw + t.x, y * pw + t.x + t.width);
  }
  assert.ok(
    covered.every((v) => v === 1),
    'tiles cover the padded image',
  );
  // Padding only on axes that fit in one tile.
  if (width > opts.tileSide) assert.equal(pw, width);
  if (height > opts.tileSide) assert.equal(ph, height);
  // Starts along each axis: increasing, neighbours share at least `overlap`, the last ends at the edge.
  for (const [starts, extent, size] of [
    [[...new Set(tiles.map((t) => t.x))], tiles[0]!.width, pw],
    [[...new Set(tiles.map((t) => t.y))], tiles[0]!.height, ph],
  ] as const) {
    for (let i = 1; i < starts.length; i++) {
      assert.ok(starts[i]! > starts[i - 1]!);
      assert.ok(starts[i - 1]! + extent - starts[i]! >= opts.overlap);
    }
    assert.equal(starts.at(-1)! + extent, size);
  }
  assert.equal(tiles.length, new Set(tiles.map((t) => t.x)).size * new Set(tiles.map((t) => t.y)).size);
  return plan;
}

test('an image that fits is one tile padded to a multiple and at least minSize', () => {
  assert.deepEqual(planTiles({ width: 10, height: 7, ...base }), {
    tiles: [{ x: 0, y: 0, width: 16, height: 16 }],
    paddedWidth: 16,
    paddedHeight: 16,
  });
  assert.deepEqual(planTiles({ width: 33, height: 64, ...base }), {
    tiles: [{ x: 0, y: 0, width: 34, height: 64 }],
    paddedWidth: 34,
    paddedHeight: 64,
  });
});

test('a larger image gets the fewest equal tiles, spread from edge to edge', () => {
  assert.deepEqual(planTiles({ width: 100, height: 50, ...base }), {
    tiles: [
      { x: 0, y: 0, width: 54, height: 50 },
      { x: 46, y: 0, width: 54, height: 50 },
    ],
    paddedWidth: 100,
    paddedHeight: 50,
  });
  const plan = checkPlan(175, 120);
  assert.deepEqual([...new Set(plan.tiles.map((t) => t.x))], [0, 55, 111]);
  assert.deepEqual([...new Set(plan.tiles.map((t) => t.y))], [0, 56]);
  assert.deepEqual(plan.tiles[1], { x: 55, y: 0, width: 64, height: 64 }); // row-major order
});

test('extreme aspect ratios', () => {
  const tall = checkPlan(1, 4000);
  assert.equal(tall.paddedWidth, 16);
  assert.equal(tall.tiles.length, 72);
  assert.equal(tall.tiles.at(-1)!.y, 4000 - 64);
  const wide = checkPlan(4000, 1);
  assert.equal(wide.paddedHeight, 16);
  assert.equal(wide.tiles.length, 72);
});

test('random sizes keep every invariant', () => {
  let s = 7;
  const rand = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 1 + (s % n);
  };
  for (let i = 0; i < 300; i++) {
    const multiple = [1, 2, 4][i % 3]!;
    const tileSide = multiple * (8 + rand(40));
    const opts = { multiple, minSize: multiple * 4, tileSide, overlap: rand(tileSide) - 1 };
    checkPlan(rand(500), rand(500), opts);
  }
});

test('overlap 0 tiles abut; tileSide is legalised; bad overlap is a usage error', () => {
  const plan = checkPlan(128, 64, { ...base, overlap: 0 });
  assert.deepEqual(
    plan.tiles.map((t) => t.x),
    [0, 64],
  );
  assert.deepEqual(planTiles({ width: 40, height: 40, ...base, tileSide: 9 }).tiles[0], { x: 0, y: 0, width: 16, height: 16 });
  assert.throws(
    () => planTiles({ width: 100, height: 100, ...base, overlap: 64 }),
    (e: unknown) => e instanceof DvarError && e.code === 'USAGE',
  );
  assert.throws(() => planTiles({ width: 0, height: 10, ...base }), RangeError);
});

test('tileSideForBudget picks the largest legal side within budget and pack area', () => {
  const opts = { budgetBytes: 2 ** 30, bytesPerOutputPixel: 1000, upscale: 4, multiple: 2, maxTilePixels: 512 * 512, minSize: 16 };
  const s = tileSideForBudget(opts);
  assert.equal(s, 258);
  assert.ok(s * s * 16 * 1000 <= 2 ** 30 && (s + 2) * (s + 2) * 16 * 1000 > 2 ** 30);
  assert.equal(tileSideForBudget({ ...opts, budgetBytes: 2 ** 40 }), 512);
  assert.equal(tileSideForBudget({ ...opts, maxTilePixels: 300 * 300 + 1, budgetBytes: 2 ** 40 }), 300);
  assert.equal(tileSideForBudget({ ...opts, budgetBytes: 1000 }), 16);
  assert.equal(tileSideForBudget({ ...opts, multiple: 8, minSize: 20, budgetBytes: 1000 }), 24);
  // Exact boundary: s² · 16 · 1000 == budget exactly.
  assert.equal(tileSideForBudget({ ...opts, budgetBytes: 100 * 100 * 16 * 1000 }), 100);
});

test('a bottom context makes tiles shorter so that tile + context stays within the tile side', () => {
  const plain = planTiles({ width: 200, height: 170, ...base });
  const withContext = planTiles({ width: 200, height: 170, ...base, bottomContext: 8 });
  assert.equal(withContext.tiles[0]!.width, plain.tiles[0]!.width, 'widths are unchanged');
  assert.ok(withContext.tiles[0]!.height + 8 <= base.tileSide);
  assert.ok(new Set(withContext.tiles.map((t) => t.y)).size > new Set(plain.tiles.map((t) => t.y)).size);
  assert.equal(withContext.paddedHeight, 170);
  assert.throws(() => planTiles({ width: 40, height: 40, ...base, bottomContext: 3 }), /multiple of 2/);
  assert.throws(() => planTiles({ width: 100, height: 100, ...base, overlap: 50, bottomContext: 16 }), DvarError);
});
