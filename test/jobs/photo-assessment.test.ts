// The photo assessment measures what it names: added grey Gaussian noise of σ levels reads as about σ, a
// heavily compressed JPEG as blocking (at any offset of its grid), a blurred photo as less fine than
// the sharp one, and a smooth clean picture as none of these.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp, { type Sharp } from 'sharp';
import type { FloatImage } from '../../electron/engine/definitions.ts';
import { assessPhoto } from '../../electron/jobs/photo-assessment.ts';

const W = 160;
const H = 120;

/** Soft shapes: a smooth gradient with a few discs, like out-of-focus photo content. */
function scene(): FloatImage {
  const data = new Float32Array(3 * W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const disc = Math.hypot(x - 60, y - 50) < 25 ? 0.3 : Math.hypot(x - 120, y - 80) < 18 ? -0.2 : 0;
      for (let c = 0; c < 3; c++) data[c * W * H + y * W + x] = Math.min(1, Math.max(0, 0.3 + 0.3 * (x / W) + 0.1 * c + disc));
    }
  }
  return { width: W, height: H, channels: 3, data };
}

/** A seeded Gaussian (Box–Muller over a small LCG), so the test is the same every run. */
function gaussian(seed: number): () => number {
  let s = seed;
  const uniform = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Grey noise of σ `levels`: the same draw in every channel, so the luma's noise is σ too. */
function withNoise(image: FloatImage, levels: number): FloatImage {
  const next = gaussian(7);
  const n = image.width * image.height;
  const data = new Float32Array(image.data);
  for (let i = 0; i < n; i++) {
    const v = (levels / 255) * next();
    for (let c = 0; c < 3; c++) data[c * n + i]! += v;
  }
  return { ...image, data };
}

async function throughSharp(image: FloatImage, apply: (s: Sharp) => Sharp, crop = 0): Promise<FloatImage> {
  const rgb = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(255 * Math.min(1, Math.max(0, image.data[c * W * H + i]!)));
  const encoded = await apply(sharp(rgb, { raw: { width: W, height: H, channels: 3 } })).toBuffer();
  const { data, info } = await sharp(encoded)
    .extract({ left: crop, top: crop, width: W - crop, height: H - crop })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[c * n + i] = data[i * 3 + c]! / 255;
  return { width: info.width, height: info.height, channels: 3, data: out };
}

test('added noise of σ levels reads as about σ; a clean picture as almost none', () => {
  const clean = assessPhoto(scene());
  assert.ok(clean.noise < 0.5, `clean: ${clean.noise}`);
  for (const sigma of [4, 10]) {
    const noisy = assessPhoto(withNoise(scene(), sigma));
    assert.ok(Math.abs(noisy.noise - sigma) < 0.2 * sigma, `σ ${sigma}: read ${noisy.noise.toFixed(2)}`);
  }
});

test('a heavily compressed JPEG reads as blocky at any offset of its grid; a PNG does not', async () => {
  const detailed = withNoise(scene(), 6); // texture for the compressor to break into blocks
  const png = assessPhoto(await throughSharp(detailed, (s) => s.png()));
  assert.ok(png.blocking < 1.15, `png: ${png.blocking}`);
  for (const crop of [0, 3]) {
    const jpeg = assessPhoto(await throughSharp(detailed, (s) => s.jpeg({ quality: 12 }), crop));
    assert.ok(jpeg.blocking > 1.3, `jpeg q12 cropped by ${crop}: ${jpeg.blocking}`);
  }
});

test('blurring lowers fineness', async () => {
  const textured = withNoise(scene(), 3);
  const sharpOne = assessPhoto(await throughSharp(textured, (s) => s.png()));
  const blurred = assessPhoto(await throughSharp(textured, (s) => s.blur(1.5).png()));
  assert.ok(blurred.fineness < 0.8 * sharpOne.fineness, `${blurred.fineness} vs ${sharpOne.fineness}`);
});
