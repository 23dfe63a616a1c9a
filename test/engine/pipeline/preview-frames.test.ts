// Every live preview of a real restore with the default pack looks like the photo it restores, not like
// damage: no colour cast (each channel's mean within a few levels of the input's) and no row streaks
// (row-to-row jumps of mean luma no stronger than a plain bicubic upscale of the input has). Scale 1's
// preview comes before the tile's restorer runs and stays on screen for the whole of that run, most of
// a restore's time, so it matters most.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_PACK_DIR, DvarEngine, type FloatImage, type ScaleEvent } from '../../../electron/engine/index.ts';
import { resizePlanar } from '../../../electron/engine/pipeline/resample.ts';
import { REPO_ROOT } from '../../helpers/fixtures.ts';
import { readPlanar } from '../../helpers/images.ts';

// CC0-1.0, Clemens Engelhardt (lomiri-wallpapers-16.04), 48×32
const PHOTO = join(REPO_ROOT, 'models', 'tests', 'fixtures', 'seeding-crop-48x32.png');

/** Largest difference of a channel's mean from the input's, in 8-bit levels. */
const MAX_CAST_LEVELS = 6;
/** Largest row-stripe energy, as a multiple of the bicubic upscale's. */
const MAX_STRIPE_RATIO = 2;

/** A planar float image (values in 0..255) of `width` × `height`. */
interface Levels {
  width: number;
  height: number;
  data: Float32Array;
}

/** The part of a tile's preview that lies inside the photo, and the same part of the input. */
function insidePhoto(event: ScaleEvent, input: FloatImage): { frame: Levels; source: Levels } {
  const { tile, preview } = event;
  const p = preview!;
  const x0 = Math.max(tile.x, 0);
  const y0 = Math.max(tile.y, 0);
  const x1 = Math.min(tile.x + tile.width, input.width);
  const y1 = Math.min(tile.y + tile.height, input.height);
  const px = p.width / tile.width;
  const py = p.height / tile.height;
  const fx0 = Math.round((x0 - tile.x) * px);
  const fy0 = Math.round((y0 - tile.y) * py);
  const fw = Math.round((x1 - tile.x) * px) - fx0;
  const fh = Math.round((y1 - tile.y) * py) - fy0;
  const frame = new Float32Array(3 * fw * fh);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < fh; y++) for (let x = 0; x < fw; x++) frame[c * fw * fh + y * fw + x] = p.data[((fy0 + y) * p.width + fx0 + x) * 3 + c]!;
  }
  const sw = x1 - x0;
  const sh = y1 - y0;
  const n = input.width * input.height;
  const source = new Float32Array(3 * sw * sh);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < sh; y++) for (let x = 0; x < sw; x++) source[c * sw * sh + y * sw + x] = 255 * input.data[c * n + (y0 + y) * input.width + x0 + x]!;
  }
  return { frame: { width: fw, height: fh, data: frame }, source: { width: sw, height: sh, data: source } };
}

function channelMeans(image: Levels): number[] {
  const n = image.width * image.height;
  return [0, 1, 2].map((c) => image.data.subarray(c * n, (c + 1) * n).reduce((a, v) => a + v, 0) / n);
}

/** Variance of the jumps in mean luma from one row to the next: what horizontal streaks add to. */
function rowStripeEnergy(image: Levels): number {
  const { width: w, height: h, data } = image;
  const n = w * h;
  const rows: number[] = [];
  for (let y = 0; y < h; y++) {
    let sum = 0;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      sum += 0.299 * data[i]! + 0.587 * data[n + i]! + 0.114 * data[2 * n + i]!;
    }
    rows.push(sum / w);
  }
  const jumps = rows.slice(1).map((v, y) => v - rows[y]!);
  const mean = jumps.reduce((a, v) => a + v, 0) / jumps.length;
  return jumps.reduce((a, v) => a + (v - mean) ** 2, 0) / jumps.length;
}

/** The input's part upscaled to the frame's size the plain way (bicubic, clamped to 8-bit range). */
function bicubicLike(source: Levels, frame: Levels): Levels {
  const data = resizePlanar(source.data, 3, source.height, source.width, frame.height, frame.width, 'bicubic').map((v) => Math.min(255, Math.max(0, v)));
  return { width: frame.width, height: frame.height, data };
}

/** One sentence per preview that shows a colour cast or row streaks (none when every frame is clean), and the tile count. */
async function damagedFrames(photo: FloatImage): Promise<{ problems: string[]; tiles: number }> {
  const engine = await DvarEngine.open(DEFAULT_PACK_DIR, { threads: 2 });
  try {
    const events: ScaleEvent[] = [];
    await engine.restore(photo, {}, { onScale: (e) => events.push(e) });
    assert.ok(events.length >= engine.manifest.schedule.canonicalScales.length);
    const problems: string[] = [];
    for (const event of events) {
      assert.ok(event.preview, 'every scale event has a preview');
      const { frame, source } = insidePhoto(event, photo);
      const where = `tile ${event.tileIndex + 1}, scale ${event.scale} of ${event.scales}`;
      const want = channelMeans(source);
      const got = channelMeans(frame);
      const cast = Math.max(...got.map((v, c) => Math.abs(v - want[c]!)));
      if (cast > MAX_CAST_LEVELS)
        problems.push(`${where}: channel means ${got.map((v) => v.toFixed(1)).join('/')} vs the input's ${want.map((v) => v.toFixed(1)).join('/')}`);
      const stripes = rowStripeEnergy(frame);
      const plain = rowStripeEnergy(bicubicLike(source, frame));
      if (stripes > MAX_STRIPE_RATIO * plain) problems.push(`${where}: row-stripe energy ${stripes.toFixed(2)} vs the bicubic upscale's ${plain.toFixed(2)}`);
    }
    return { problems, tiles: new Set(events.map((e) => e.tileIndex)).size };
  } finally {
    await engine.close();
  }
}

test('every preview of a photo restored with the default pack has its colours and no row streaks', async () => {
  // The photo enlarged to 120×80 so that it runs in two tiles, each with its own previews.
  const small = await readPlanar(PHOTO);
  const photo: FloatImage = {
    width: 120,
    height: 80,
    channels: 3,
    data: resizePlanar(small.data, 3, small.height, small.width, 80, 120, 'bicubic').map((v) => Math.min(1, Math.max(0, v))),
  };
  const { problems, tiles } = await damagedFrames(photo);
  assert.equal(tiles, 2);
  assert.deepEqual(problems, []);
});
