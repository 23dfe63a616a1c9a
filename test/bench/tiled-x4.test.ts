// The x4plus peer's tiler: with a model that has no reach across pixels (nearest ×4), tiling must give
// exactly the whole-image result for any tile/context size, including ragged last tiles and tiles
// smaller than the context; and a model that returns the wrong size is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FloatImage } from '../../electron/engine/types.ts';
import { tiledX4 } from '../../bench/lib/tiled-x4.ts';
import { syntheticImage } from '../helpers/fixtures.ts';

function nearestX4(image: FloatImage): FloatImage {
  const [w, h] = [image.width * 4, image.height * 4];
  const data = new Float32Array(3 * w * h);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        data[c * w * h + y * w + x] = image.data[c * image.width * image.height + (y >> 2) * image.width + (x >> 2)]!;
      }
  return { width: w, height: h, channels: 3, data };
}

test('tiles with context assemble to exactly the whole-image output', async () => {
  const image = syntheticImage(37, 23, 5);
  const whole = nearestX4(image);
  for (const [tile, pad] of [
    [128, 10],
    [16, 10],
    [8, 3],
    [5, 0],
    [3, 10],
  ] as const) {
    const seen: Array<[number, number]> = [];
    const tiled = await tiledX4(image, async (t) => (seen.push([t.width, t.height]), nearestX4(t)), { tile, pad });
    assert.equal(tiled.width, 148);
    assert.equal(tiled.height, 92);
    assert.deepEqual(tiled.data, whole.data, `tile ${tile}, pad ${pad}`);
    assert.equal(seen.length, Math.ceil(37 / tile) * Math.ceil(23 / tile));
    assert.ok(
      seen.every(([w, h]) => w <= tile + 2 * pad && h <= tile + 2 * pad),
      'no tile exceeds its size plus context',
    );
  }
});

test('a model that does not upscale ×4 is named', async () => {
  await assert.rejects(
    tiledX4(syntheticImage(10, 10, 1), async (t) => t, { tile: 8, pad: 2 }),
    /not ×4/,
  );
});
