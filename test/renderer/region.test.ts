// The preview region's geometry: where it starts, and that moving or resizing it keeps it inside the
// photo and within its side limits, with the opposite corner fixed while a corner is dragged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SIDE, MIN_SIDE, movedRegion, regionAround, resizedRegion } from '../../renderer/src/restore/region.ts';

const photo = { width: 1200, height: 800 };

test('a region starts as a square of a quarter of the shorter side around the point, inside the photo', () => {
  assert.deepEqual(regionAround(photo, 600, 400), { x: 500, y: 300, width: 200, height: 200 });
  assert.deepEqual(regionAround(photo, 5, 790), { x: 0, y: 600, width: 200, height: 200 });
  assert.deepEqual(regionAround({ width: 120, height: 90 }, 60, 45), { x: 28, y: 13, width: 64, height: 64 });
  assert.deepEqual(regionAround({ width: 100, height: 50 }, 50, 25), { x: 25, y: 0, width: 50, height: 50 }, 'never more than the photo');
  assert.equal(regionAround({ width: 8000, height: 6000 }, 0, 0).width, MAX_SIDE);
  assert.deepEqual(regionAround(photo, 600, 400, { width: 300, height: 120 }), { x: 450, y: 340, width: 300, height: 120 }, 're-centred at its own size');
});

test('moving stops at the edges and keeps the size', () => {
  const region = { x: 100, y: 100, width: 200, height: 150 };
  assert.deepEqual(movedRegion(region, 30.4, -20.6, photo), { x: 130, y: 79, width: 200, height: 150 });
  assert.deepEqual(movedRegion(region, -500, 5000, photo), { x: 0, y: 650, width: 200, height: 150 });
  assert.deepEqual(movedRegion(region, 5000, 0, photo), { x: 1000, y: 100, width: 200, height: 150 });
});

test('resizing from a corner keeps the opposite corner, the side limits and the photo', () => {
  const region = { x: 100, y: 100, width: 200, height: 150 };
  assert.deepEqual(resizedRegion(region, 'se', 50, 10, photo), { x: 100, y: 100, width: 250, height: 160 });
  assert.deepEqual(resizedRegion(region, 'nw', 50, 10, photo), { x: 150, y: 110, width: 150, height: 140 });
  assert.deepEqual(resizedRegion(region, 'nw', -500, -500, photo), { x: 0, y: 0, width: 300, height: 250 }, 'stops at the photo');
  assert.deepEqual(resizedRegion(region, 'ne', 1000, 0, photo), { x: 100, y: 100, width: MAX_SIDE, height: 150 }, 'at most MAX_SIDE');
  assert.deepEqual(
    resizedRegion(region, 'sw', 1000, -1000, photo),
    { x: 300 - MIN_SIDE, y: 100, width: MIN_SIDE, height: MIN_SIDE },
    'at least MIN_SIDE, the far corner fixed',
  );
  const edge = { x: 1100, y: 700, width: 100, height: 100 };
  assert.deepEqual(resizedRegion(edge, 'se', 300, 300, photo), edge, 'no growing past the photo');
});
