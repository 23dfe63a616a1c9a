// Black-and-white photos stay black and white: a photo whose pixels are all neutral (R = G = B within
// 2 levels) gets a neutral result and neutral previews, luma kept; a colour photo is left as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DvarEngine, type FloatImage, type ScaleEvent } from '../../../electron/engine/index.ts';
import { isNeutral, makeNeutral, NEUTRAL_TOLERANCE } from '../../../electron/engine/pipeline/neutral-gray.ts';
import { syntheticImage, TINY_PACK } from '../../helpers/fixtures.ts';

/** `syntheticImage`'s first channel on all three, each channel nudged by up to `jitter`. */
function grayPhoto(width: number, height: number, jitter: number): FloatImage {
  const colour = syntheticImage(width, height, 4);
  const n = width * height;
  const data = new Float32Array(3 * n);
  for (let c = 0; c < 3; c++) for (let i = 0; i < n; i++) data[c * n + i] = colour.data[i]! + (c === 1 ? jitter : c === 2 ? -jitter : 0) * ((i % 3) - 1);
  return { width, height, channels: 3, data };
}

function spread(image: FloatImage): number {
  const n = image.width * image.height;
  let most = 0;
  for (let i = 0; i < n; i++) {
    const v = [image.data[i]!, image.data[n + i]!, image.data[2 * n + i]!];
    most = Math.max(most, Math.max(...v) - Math.min(...v));
  }
  return most;
}

test('neutral means every pixel within two levels; making neutral keeps luma', () => {
  assert.equal(isNeutral(grayPhoto(20, 10, 0)), true);
  assert.equal(isNeutral(grayPhoto(20, 10, 0.9 / 255)), true, 'JPEG-style rounding, under a level each way');
  assert.equal(isNeutral(grayPhoto(20, 10, 3 / 255)), false);
  const colour = syntheticImage(20, 10, 2);
  assert.equal(isNeutral(colour), false);
  const n = 200;
  const luma = Array.from({ length: n }, (_, i) => 0.299 * colour.data[i]! + 0.587 * colour.data[n + i]! + 0.114 * colour.data[2 * n + i]!);
  const gray = makeNeutral({ ...colour, data: colour.data.slice() });
  assert.ok(spread(gray) === 0);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(gray.data[i]! - luma[i]!) < 1e-6);
  assert.ok(NEUTRAL_TOLERANCE * 255 === 2);
});

test('a black-and-white photo gets a black-and-white result and previews; a colour one keeps its colour', async () => {
  const engine = await DvarEngine.open(TINY_PACK, { threads: 1 });
  try {
    const events: ScaleEvent[] = [];
    // 24 px tiles: several tiles, each made neutral before blending, so seams cannot bring colour back.
    const gray = await engine.restore(grayPhoto(40, 28, 0.9 / 255), { tile: 24 }, { onScale: (e) => events.push(e) });
    assert.ok(gray.tiles.length > 1);
    assert.ok(spread(gray.image) < 1e-6, `gray photo, result spread ${spread(gray.image)}`);
    for (const e of events) {
      const p = e.preview!.data;
      for (let i = 0; i < p.length; i += 3) assert.ok(p[i] === p[i + 1] && p[i + 1] === p[i + 2], 'neutral preview');
    }
    const colour = await engine.restore(syntheticImage(40, 28, 4), { tile: 24 });
    assert.ok(spread(colour.image) > 0.05, 'a colour photo keeps its colour');
  } finally {
    await engine.close();
  }
});
