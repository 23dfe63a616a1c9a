// Image I/O against real files made with sharp at test time: decoding (orientation, ICC, 16-bit,
// gray, alpha, CMYK), refusals with one sentence naming the file, and safe, metadata-carrying writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { DvarError } from '../../electron/engine/errors.ts';
import { readImage, type DecodedImage } from '../../electron/image-files/read-image.ts';
import { writeImage, type WriteImageOptions } from '../../electron/image-files/write-image.ts';
import { resizeAlpha } from '../../electron/image-files/alpha.ts';
import { resampleImage } from '../../electron/image-files/resample-output.ts';
import { iccColourSpace } from '../../electron/image-files/png-metadata.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('image-io');
test.after(cleanup);
const at = (name: string) => join(dir, name);

const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>DVAR Tester</dc:creator>' +
  '</rdf:Description></rdf:RDF></x:xmpmeta>';

/** 40×20 stored pixels: red where x < 20, blue where y < 10. */
function quadrants(): Buffer {
  const w = 40;
  const h = 20;
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      data[i] = x < 20 ? 255 : 0;
      data[i + 2] = y < 10 ? 255 : 0;
    }
  }
  return data;
}

/** Mean of channel c over a 4×4 patch around (x, y). */
function patch(image: DecodedImage, c: number, x: number, y: number): number {
  const { width, height, data } = image.rgb;
  let sum = 0;
  for (let dy = -2; dy < 2; dy++) for (let dx = -2; dx < 2; dx++) sum += data[c * width * height + (y + dy) * width + (x + dx)]!;
  return sum / 16;
}

async function expectDvarError(promise: Promise<unknown>, code: string, mentions: string): Promise<DvarError> {
  const error = await promise.then(
    () => assert.fail('expected a DvarError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DvarError, `expected DvarError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.ok(error.message.includes(mentions), `"${error.message}" should mention ${mentions}`);
  assert.ok(!error.message.includes('\n'), 'one sentence, one line');
  return error;
}

function noTempFiles(folder: string): void {
  assert.deepEqual(
    readdirSync(folder).filter((n) => n.includes('.dvar-tmp-')),
    [],
  );
}

const opts = (o: Partial<WriteImageOptions>): WriteImageOptions => ({ format: 'png', bitDepth: 8, gray: false, overwrite: false, ...o });

test('JPEG: EXIF orientation 6 is applied, pixels stay in the embedded P3 space, metadata is read', async () => {
  await sharp(quadrants(), { raw: { width: 40, height: 20, channels: 3 } })
    .withMetadata({ orientation: 6, icc: 'p3' })
    .withExifMerge({ IFD0: { Copyright: 'DVAR test copyright' } })
    .withXmp(XMP)
    .jpeg({ quality: 100 })
    .toFile(at('oriented.jpg'));
  const image = await readImage(at('oriented.jpg'));
  assert.equal(image.rgb.width, 20);
  assert.equal(image.rgb.height, 40);
  assert.equal(image.sourceFormat, 'jpeg');
  assert.equal(image.bitDepth, 8);
  assert.equal(image.alpha, null);
  assert.equal(image.isGray, false);
  // Rotated 90° clockwise: stored "left half red" is now the top half, "top half blue" the right half.
  assert.ok(patch(image, 0, 5, 8) > 0.7 && patch(image, 2, 5, 8) < 0.3, 'top-left: red');
  assert.ok(patch(image, 0, 15, 8) > 0.7 && patch(image, 2, 15, 8) > 0.7, 'top-right: red and blue');
  assert.ok(patch(image, 0, 15, 30) < 0.3 && patch(image, 2, 15, 30) > 0.7, 'bottom-right: blue');
  assert.ok(patch(image, 0, 5, 30) < 0.3 && patch(image, 2, 5, 30) < 0.3, 'bottom-left: black');
  // Kept in the P3 profile's values (sRGB red is about 0.92 red in P3), not converted back to sRGB.
  assert.ok(patch(image, 0, 5, 8) < 0.96, `P3 red value kept: ${patch(image, 0, 5, 8)}`);
  assert.ok(image.icc && iccColourSpace(image.icc) === 'RGB ');
  assert.ok(image.metadata.exif?.includes('DVAR test copyright'));
  assert.ok(image.metadata.xmp?.toString().includes('DVAR Tester'));
});

test('writing carries ICC, EXIF and XMP with orientation reset to 1, in every format', async () => {
  const image = await readImage(at('oriented.jpg'));
  for (const format of ['png', 'jpg', 'webp', 'tiff'] as const) {
    const out = at(`carried.${format}`);
    await writeImage(out, image, opts({ format, icc: image.icc, keepMetadataFrom: at('oriented.jpg') }));
    const meta = await sharp(readFileSync(out)).metadata();
    assert.equal(meta.width, 20, format);
    assert.equal(meta.height, 40, format);
    assert.ok(meta.icc?.equals(image.icc!), `${format}: ICC profile carried byte for byte`);
    assert.ok(meta.xmp?.toString().includes('DVAR Tester'), `${format}: XMP carried`);
    if (format !== 'tiff') {
      // (libvips writes no EXIF into TIFF.)
      assert.ok(meta.exif?.includes('DVAR test copyright'), `${format}: EXIF carried`);
      assert.equal(meta.orientation ?? 1, 1, `${format}: orientation reset`);
    }
    // Same pixels back (no colour conversion on the way out): the P3 values survive.
    const back = await readImage(out);
    const tolerance = format === 'png' || format === 'tiff' ? 1 / 255 : 0.06;
    assert.ok(Math.abs(patch(back, 0, 5, 8) - patch(image, 0, 5, 8)) <= tolerance, `${format}: pixel values unchanged`);
  }
  noTempFiles(dir);
});

test('16-bit PNG decodes to 16-bit values and round-trips exactly through PNG and TIFF', async () => {
  const w = 16;
  const h = 8;
  const samples = new Uint16Array(w * h * 3);
  for (let i = 0; i < samples.length; i++) samples[i] = (i * 2741 + 17) % 65536;
  await sharp(samples, { raw: { width: w, height: h, channels: 3 } })
    .toColourspace('rgb16')
    .png()
    .toFile(at('deep.png'));
  const image = await readImage(at('deep.png'));
  assert.equal(image.bitDepth, 16);
  assert.equal(image.rgb.data[1], Math.fround(samples[3]! / 65535), 'planar: second pixel of the red plane');
  assert.equal(image.rgb.data[w * h], Math.fround(samples[1]! / 65535), 'first pixel of the green plane');
  for (const format of ['png', 'tiff'] as const) {
    const out = at(`deep-out.${format}`);
    await writeImage(out, image, opts({ format, bitDepth: 16 }));
    const meta = await sharp(readFileSync(out)).metadata();
    assert.equal(meta.depth, 'ushort', `${format} stays 16-bit`);
    const back = await readImage(out);
    assert.deepEqual(back.rgb.data, image.rgb.data, `${format}: every 16-bit sample survives`);
  }
});

test('grayscale PNG expands to equal RGB planes and can be written back as one gray channel', async () => {
  const gray = Buffer.alloc(12 * 10);
  for (let i = 0; i < gray.length; i++) gray[i] = i * 2;
  await sharp(gray, { raw: { width: 12, height: 10, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toFile(at('gray.png'));
  const image = await readImage(at('gray.png'));
  assert.equal(image.isGray, true);
  const n = 120;
  assert.deepEqual(image.rgb.data.subarray(0, n), image.rgb.data.subarray(n, 2 * n));
  assert.equal(image.rgb.data[7], Math.fround(14 / 255));
  await writeImage(at('gray-out.png'), image, opts({ gray: true }));
  const meta = await sharp(readFileSync(at('gray-out.png'))).metadata();
  assert.equal(meta.channels, 1);
  assert.deepEqual((await readImage(at('gray-out.png'))).rgb.data, image.rgb.data);
});

test('RGBA PNG: alpha is split into its own plane and preserved by png, webp and 16-bit tiff; jpg flattens on white', async () => {
  const rgba = Buffer.alloc(10 * 6 * 4);
  for (let i = 0; i < 60; i++) rgba.set([200, 100, 50, (i * 4) % 256], i * 4);
  await sharp(rgba, { raw: { width: 10, height: 6, channels: 4 } })
    .png()
    .toFile(at('alpha.png'));
  const image = await readImage(at('alpha.png'));
  assert.equal(image.hasAlpha, true);
  assert.equal(image.alpha!.length, 60);
  assert.equal(image.alpha![3], Math.fround(12 / 255));
  assert.equal(image.rgb.data[0], Math.fround(200 / 255));

  await writeImage(at('alpha-out.png'), image, opts({}));
  assert.deepEqual((await readImage(at('alpha-out.png'))).alpha, image.alpha);
  await writeImage(at('alpha-out.tiff'), image, opts({ format: 'tiff', bitDepth: 16 }));
  const tiff = await readImage(at('alpha-out.tiff'));
  assert.equal(tiff.bitDepth, 16);
  assert.ok(tiff.alpha!.every((a, i) => Math.abs(a - image.alpha![i]!) < 1e-6));
  await writeImage(at('alpha-out.webp'), image, opts({ format: 'webp', quality: 100 }));
  assert.ok((await readImage(at('alpha-out.webp'))).hasAlpha);

  await writeImage(at('alpha-out.jpg'), image, opts({ format: 'jpg', quality: 100 }));
  const jpg = await readImage(at('alpha-out.jpg'));
  assert.equal(jpg.hasAlpha, false);
  assert.ok(jpg.rgb.data[0]! > 0.95, 'a fully transparent pixel becomes white');
});

test('CMYK JPEG and TIFF are converted to sRGB and carry no CMYK profile', async () => {
  const w = 8;
  const h = 8;
  const rgb = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) rgb.set([230, 40, 40], i * 3);
  for (const name of ['cmyk.jpg', 'cmyk.tif']) {
    await sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
      .toColourspace('cmyk')
      .toFile(at(name));
    assert.equal((await sharp(at(name)).metadata()).space, 'cmyk', 'sharp wrote a real CMYK file');
    const image = await readImage(at(name));
    assert.equal(image.icc, undefined);
    assert.equal(image.hasAlpha, false);
    assert.ok(image.rgb.data[0]! > 0.7 && image.rgb.data[w * h]! < 0.35, `${name}: still red after CMYK → sRGB`);
  }
});

test('unreadable inputs fail with one sentence naming the file', async () => {
  writeFileSync(at('empty.jpg'), '');
  writeFileSync(at('notes.jpg'), 'these are my holiday notes, not a photo\n');
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#886644' } })
    .jpeg()
    .toBuffer();
  writeFileSync(at('truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  writeFileSync(at('drawing.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
  mkdirSync(at('folder.png'), { recursive: true });

  await expectDvarError(readImage(at('missing.jpg')), 'INPUT_UNREADABLE', 'missing.jpg');
  await expectDvarError(readImage(at('empty.jpg')), 'INPUT_INVALID', 'empty.jpg');
  await expectDvarError(readImage(at('notes.jpg')), 'INPUT_INVALID', 'notes.jpg');
  const truncated = await expectDvarError(readImage(at('truncated.jpg')), 'INPUT_INVALID', 'truncated.jpg');
  assert.match(truncated.message, /damaged or truncated/);
  await expectDvarError(readImage(at('drawing.svg')), 'INPUT_INVALID', 'SVG');
  await expectDvarError(readImage(at('folder.png')), 'INPUT_INVALID', 'folder.png');
});

test('inputs above 100 megapixels are refused from the header alone', async () => {
  // A hand-made PNG header claiming 20000×20000 pixels: nothing needs to be decoded to refuse it.
  const chunk = (type: string, body: Buffer) => {
    const out = Buffer.alloc(12 + body.length);
    out.writeUInt32BE(body.length, 0);
    out.write(type, 4, 'latin1');
    body.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(20000, 0);
  ihdr.writeUInt32BE(20000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const emptyIdat = Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
  await writeFile(at('huge.png'), Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', emptyIdat), chunk('IEND', Buffer.alloc(0))]));
  const error = await expectDvarError(readImage(at('huge.png')), 'INPUT_INVALID', 'huge.png');
  assert.match(error.message, /400 MP/);
});

test('an existing output is never overwritten unless asked, and no temp file is left', async () => {
  const image = await readImage(at('gray.png'));
  writeFileSync(at('taken.png'), 'precious');
  await expectDvarError(writeImage(at('taken.png'), image, opts({})), 'OUTPUT_EXISTS', 'taken.png');
  assert.equal(readFileSync(at('taken.png'), 'utf8'), 'precious');
  // "overwrite" replaces earlier outputs only; a file DVAR Studio did not write needs overwriteAny.
  await expectDvarError(writeImage(at('taken.png'), image, opts({ overwrite: true })), 'OUTPUT_UNWRITABLE', 'not written by DVAR Studio');
  assert.equal(readFileSync(at('taken.png'), 'utf8'), 'precious');
  await writeImage(at('taken.png'), image, opts({ overwrite: true, overwriteAny: true }));
  assert.equal((await sharp(readFileSync(at('taken.png'))).metadata()).format, 'png');
  await writeImage(at('taken.png'), image, opts({ overwrite: true }));
  noTempFiles(dir);
});

test('unwritable destinations name the folder: a missing folder, and a "folder" that is a file', async () => {
  const image = await readImage(at('gray.png'));
  // Tests run as root, which ignores chmod, so unwritable means structurally impossible here.
  const missing = await expectDvarError(writeImage(at('no-such-folder/out.png'), image, opts({})), 'OUTPUT_UNWRITABLE', 'no-such-folder');
  assert.match(missing.message, /does not exist/);
  writeFileSync(at('plain-file'), 'x');
  await expectDvarError(writeImage(at('plain-file/out.png'), image, opts({})), 'OUTPUT_UNWRITABLE', 'plain-file');
  noTempFiles(dir);
});

test('a full disk gives DISK_FULL and removes the partial temp file', async () => {
  const image = await readImage(at('gray.png'));
  const target = join(dir, 'full');
  mkdirSync(target);
  let tempSeen = '';
  const writeTemp = async (tempPath: string, bytes: Uint8Array) => {
    tempSeen = tempPath;
    await writeFile(tempPath, bytes.subarray(0, 10)); // half-written, then the disk fills up
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
  await expectDvarError(writeImage(join(target, 'out.png'), image, opts({ writeTemp })), 'DISK_FULL', target);
  assert.ok(tempSeen.startsWith(join(target, '.out.png.dvar-tmp-')), `temp file in the same folder: ${tempSeen}`);
  assert.deepEqual(readdirSync(target), [], 'neither the temp file nor a partial output remains');
});

test('alpha is resized on its own; ×2/×3 outputs are lanczos resamples of the ×4 result', async () => {
  const alpha = new Float32Array(4 * 3).fill(0.5);
  alpha[0] = 1;
  const big = await resizeAlpha(alpha, { width: 4, height: 3 }, { width: 16, height: 12 });
  assert.equal(big.length, 16 * 12);
  assert.ok(big.every((a) => a >= 0 && a <= 1));
  assert.ok(Math.abs(big[16 * 12 - 1]! - 0.5) < 1e-3, 'flat regions stay flat');

  const data = new Float32Array(3 * 40 * 20);
  for (let i = 0; i < data.length; i++) data[i] = 0.25 + 0.5 * ((i % 40) / 39);
  const resized = await resampleImage({ width: 40, height: 20, channels: 3, data }, { width: 20, height: 10 });
  assert.equal(resized.width, 20);
  assert.equal(resized.height, 10);
  assert.equal(resized.data.length, 3 * 200);
  assert.ok(
    resized.data.every((v) => v >= 0.2 && v <= 0.8),
    'a gentle ramp stays in range',
  );
  // 16-bit on the way through: more distinct values than 8 bits could hold along the ramp.
  const row = new Set(Array.from(resized.data.subarray(0, 20)).map((v) => Math.round(v * 65535)));
  assert.ok(row.size > 15);
});
