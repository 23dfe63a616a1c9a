// The output marker: every output format carries it (in memory and streamed, with and without the
// original's XMP, which is kept), and "overwrite" replaces only files that carry it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DvarError } from '../../electron/engine/errors.ts';
import { hasDvarMarker, isDvarOutputFile } from '../../electron/image-files/output-marker.ts';
import { StreamedImageWriter } from '../../electron/image-files/streamed-write.ts';
import { OUTPUT_FORMATS, writeImage, type WriteImageOptions } from '../../electron/image-files/write-image.ts';
import { syntheticImage } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('output-marker');
test.after(cleanup);
const at = (name: string) => join(dir, name);
const image = syntheticImage(20, 14);
const ORIGINAL_XMP = Buffer.from(
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="camera-original"/></rdf:RDF></x:xmpmeta>',
);
const options = (format: WriteImageOptions['format'], extra: Partial<WriteImageOptions> = {}): WriteImageOptions => ({
  format,
  bitDepth: 8,
  gray: false,
  overwrite: false,
  ...extra,
});

test('every output format carries the marker, in memory and streamed, keeping the original XMP', async () => {
  for (const format of OUTPUT_FORMATS) {
    const plain = at(`plain.${format}`);
    await writeImage(plain, { rgb: image, alpha: null }, options(format));
    assert.equal(await isDvarOutputFile(plain), true, `${format} in memory`);

    const carried = at(`carried.${format}`);
    await writeImage(carried, { rgb: image, alpha: null }, options(format, { metadata: { xmp: ORIGINAL_XMP } }));
    const { xmp } = await sharp(carried).metadata();
    assert.ok(hasDvarMarker(xmp) && xmp!.includes('camera-original'), `${format} keeps the original XMP beside the marker`);

    const streamed = at(`streamed.${format}`);
    const writer = await StreamedImageWriter.open(streamed, { ...options(format), width: image.width, height: image.height, alpha: null });
    await writer.write(image, 0);
    await writer.finish();
    assert.equal(await isDvarOutputFile(streamed), true, `${format} streamed`);
  }
});

test('a photo at the output name is not ours: overwrite refuses it, overwriteAny replaces it, an earlier output is replaced', async () => {
  const photo = at('photo-dvar-x4.png');
  await writePhoto(photo, 20, 14);
  const before = readFileSync(photo);
  assert.equal(await isDvarOutputFile(photo), false);
  await assert.rejects(writeImage(photo, { rgb: image, alpha: null }, options('png', { overwrite: true })), (error: unknown) => {
    assert.ok(error instanceof DvarError && error.code === 'OUTPUT_UNWRITABLE', String(error));
    assert.match(error.message, /was not written by DVAR Studio, so it was not replaced\.$/);
    return true;
  });
  await assert.rejects(
    StreamedImageWriter.open(photo, { ...options('png', { overwrite: true }), width: image.width, height: image.height, alpha: null }),
    /not written by DVAR Studio/,
  );
  assert.deepEqual(readFileSync(photo), before, 'the photo is untouched');

  const text = at('notes-dvar-x4.png');
  writeFileSync(text, 'not an image\n');
  await assert.rejects(writeImage(text, { rgb: image, alpha: null }, options('png', { overwrite: true })), /not written by DVAR Studio/);
  assert.equal(readFileSync(text, 'utf8'), 'not an image\n');

  await writeImage(photo, { rgb: image, alpha: null }, options('png', { overwrite: true, overwriteAny: true }));
  assert.equal(await isDvarOutputFile(photo), true, 'named explicitly: replaced');
  await writeImage(photo, { rgb: image, alpha: null }, options('png', { overwrite: true }));
  assert.equal(await isDvarOutputFile(photo), true, 'an earlier output is replaced by --overwrite');
});
