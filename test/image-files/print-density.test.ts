// A print's DPI written into the output: the file says that resolution (PNG pHYs, JPEG JFIF, TIFF tags,
// and the EXIF resolution every format carries) over the original's own "72 DPI", whether held whole or
// streamed, with the original's ICC profile and EXIF still carried; without a print nothing changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { readImage } from '../../electron/image-files/read-image.ts';
import { StreamedImageWriter } from '../../electron/image-files/streamed-write.ts';
import { writeImage, type OutputFormat, type WriteImageOptions } from '../../electron/image-files/write-image.ts';
import { gradientRgb, makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('print-density');
test.after(cleanup);
const at = (name: string) => join(dir, name);

/** EXIF IFD0's XResolution as dots per inch (ResolutionUnit 2), or null without it. */
function exifDpi(exif: Buffer | undefined): number | null {
  if (!exif) return null;
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (a: number) => (little ? tiff.readUInt16LE(a) : tiff.readUInt16BE(a));
  const u32 = (a: number) => (little ? tiff.readUInt32LE(a) : tiff.readUInt32BE(a));
  const ifd = u32(4);
  let dpi: number | null = null;
  let unit = 2;
  for (let i = 0; i < u16(ifd); i++) {
    const entry = ifd + 2 + i * 12;
    if (u16(entry) === 0x011a) dpi = u32(u32(entry + 8)) / u32(u32(entry + 8) + 4);
    if (u16(entry) === 0x0128) unit = u16(entry + 8);
  }
  return dpi === null ? null : unit === 3 ? dpi * 2.54 : dpi;
}

async function original(): Promise<string> {
  const path = at('camera.jpg');
  await sharp(gradientRgb(30, 20), { raw: { width: 30, height: 20, channels: 3 } })
    .withMetadata({ density: 72, icc: 'p3' })
    .withExifMerge({ IFD0: { Copyright: 'DVAR print test' } })
    .jpeg({ quality: 95 })
    .toFile(path);
  return path;
}

const FORMATS: OutputFormat[] = ['png', 'jpg', 'tiff', 'webp'];

test('the print’s DPI is written in every format, over the original’s 72 DPI, with ICC and EXIF carried', async () => {
  const source = await original();
  const image = await readImage(source);
  assert.equal((await sharp(source).metadata()).density, 72, 'the original says 72 DPI');
  for (const format of FORMATS) {
    const options: WriteImageOptions = { format, bitDepth: 8, gray: false, overwrite: false, icc: image.icc, metadata: image.metadata, density: 300 };
    for (const way of ['whole', 'streamed'] as const) {
      const out = at(`print-${way}.${format}`);
      if (way === 'whole') await writeImage(out, image, options);
      else {
        const writer = await StreamedImageWriter.open(out, { ...options, width: 30, height: 20, alpha: null });
        await writer.write(image.rgb, 0);
        await writer.finish();
      }
      const meta = await sharp(readFileSync(out)).metadata();
      const label = `${format} ${way}`;
      // sharp reads no resolution from WebP itself; its EXIF carries it.
      if (format !== 'webp') assert.equal(meta.density, 300, `${label}: ${meta.density} DPI`);
      if (format !== 'tiff') {
        // (libvips writes no EXIF into TIFF.)
        assert.equal(exifDpi(meta.exif), 300, `${label}: EXIF resolution`);
        assert.ok(meta.exif?.includes('DVAR print test'), `${label}: EXIF carried`);
      }
      assert.ok(meta.icc?.equals(image.icc!), `${label}: ICC profile carried byte for byte`);
    }
  }
});

test('without a print the output keeps the resolution it had before (the original’s EXIF)', async () => {
  const image = await readImage(await original());
  await writeImage(at('plain.png'), image, { format: 'png', bitDepth: 8, gray: false, overwrite: false, icc: image.icc, metadata: image.metadata });
  const meta = await sharp(at('plain.png')).metadata();
  assert.equal(meta.density, 72);
  assert.equal(exifDpi(meta.exif), 72);
});
