// 16-bit output from an 8-bit photo (--depth 16, Settings' "16-bit PNG/TIFF"): the restored floats keep
// the gradations that 8-bit rounding bands. With a fake engine that upscales smoothly (bilinear ×4) a
// gradient of 8-bit steps becomes one of many more levels, which only the 16-bit file keeps; EXIF and
// ICC are carried as in the 8-bit file, held whole or streamed; JPEG stays 8-bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FloatImage } from '../../electron/engine/types.ts';
import { readImage } from '../../electron/image-files/read-image.ts';
import { restoreFiles, type RestoreEngine, type RestoreFilesOptions } from '../../electron/jobs/restore-files.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('output-depth');
test.after(cleanup);
const at = (name: string) => join(dir, name);

/** Bilinear ×4, sample centres aligned: what a restorer does to a smooth gradient, in floats. */
function bilinearX4(image: FloatImage): FloatImage {
  const { width: w, height: h } = image;
  const [W, H] = [w * 4, h * 4];
  const data = new Float32Array(3 * W * H);
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < H; y++) {
      const sy = clamp((y + 0.5) / 4 - 0.5, h - 1);
      const [y0, fy] = [Math.floor(sy), sy - Math.floor(sy)];
      const y1 = Math.min(h - 1, y0 + 1);
      for (let x = 0; x < W; x++) {
        const sx = clamp((x + 0.5) / 4 - 0.5, w - 1);
        const [x0, fx] = [Math.floor(sx), sx - Math.floor(sx)];
        const x1 = Math.min(w - 1, x0 + 1);
        const p = (xx: number, yy: number) => image.data[c * w * h + yy * w + xx]!;
        const top = p(x0, y0) * (1 - fx) + p(x1, y0) * fx;
        const bottom = p(x0, y1) * (1 - fx) + p(x1, y1) * fx;
        data[c * W * H + y * W + x] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return { width: W, height: H, channels: 3, data };
}

const provider = { name: 'cpu', reason: 'Fake engine for tests.', graphs: { encoder: 'cpu' } };
const smoothEngine: RestoreEngine = {
  upscale: 4,
  packName: 'smooth',
  textConditioning: false,
  provider,
  async restore(image: FloatImage) {
    return { image: bilinearX4(image), tiles: [], timings: {}, provider };
  },
};

/** A sky: a slow 8-bit ramp of 40 levels across 160 px, with the original's ICC profile and EXIF. */
async function sky(path: string): Promise<void> {
  const [w, h] = [160, 6];
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill(100 + Math.floor(x / 4), (y * w + x) * 3, (y * w + x) * 3 + 3);
  await sharp(data, { raw: { width: w, height: h, channels: 3 } })
    .withMetadata({ icc: 'p3' })
    .withExifMerge({ IFD0: { Copyright: 'DVAR depth test' } })
    .png()
    .toFile(path);
}

async function restore(output: string, over: Partial<RestoreFilesOptions>): Promise<void> {
  const summary = await restoreFiles([{ input: at('sky.png'), output: at(output) }], {
    openEngine: async () => smoothEngine,
    scale: 4,
    format: 'png',
    overwrite: false,
    restore: {},
    ...over,
  });
  assert.equal(summary.done, 1, `${output} was written`);
}

/** The distinct red values along the middle row, as 16-bit samples (read as the app reads photos: in their own profile). */
async function levels(path: string): Promise<number[]> {
  const { rgb } = await readImage(path);
  const row = Math.floor(rgb.height / 2) * rgb.width;
  return [...new Set(Array.from({ length: rgb.width }, (_, x) => Math.round(rgb.data[row + x]! * 65535)))];
}

test('depth 16 writes a 16-bit PNG whose smooth gradient holds levels 8 bits cannot, with EXIF and ICC', async () => {
  await sky(at('sky.png'));
  const icc = (await sharp(at('sky.png')).metadata()).icc!;
  await restore('sky-8.png', {});
  for (const [name, over] of [
    ['sky-16.png', {}],
    ['sky-16-streamed.png', { streamAbovePixels: 0 }],
    ['sky-16-x3.png', { scale: 3, streamAbovePixels: 0 }],
  ] as const) {
    await restore(name, { depth: 16, ...over });
    const meta = await sharp(at(name)).metadata();
    assert.equal(meta.depth, 'ushort', `${name} is 16-bit`);
    assert.ok(meta.icc?.equals(icc), `${name}: ICC profile carried`);
    assert.ok(meta.exif?.includes('DVAR depth test'), `${name}: EXIF carried`);
    const deep = await levels(at(name));
    const offGrid = deep.filter((v) => v % 257 !== 0);
    assert.ok(deep.length > 100, `${name}: ${deep.length} levels where the photo has 40`);
    assert.ok(offGrid.length > deep.length / 2, `${name}: most levels are not 8-bit values ×257 (${offGrid.length} of ${deep.length})`);
  }
  const eight = await sharp(at('sky-8.png')).metadata();
  assert.equal(eight.depth, 'uchar', 'without depth 16 an 8-bit photo gives 8 bits, as before');
  assert.ok((await levels(at('sky-8.png'))).every((v) => v % 257 === 0));
});

test('depth 16 leaves JPEG 8-bit, and TIFF is 16-bit too', async () => {
  await sky(at('sky.png'));
  await restore('sky-16.jpg', { depth: 16, format: 'jpg' });
  assert.equal((await sharp(at('sky-16.jpg')).metadata()).depth, 'uchar');
  await restore('sky-16.tiff', { depth: 16, format: 'tiff' });
  assert.equal((await sharp(at('sky-16.tiff')).metadata()).depth, 'ushort');
  assert.ok((await levels(at('sky-16.tiff'))).length > 100);
});
