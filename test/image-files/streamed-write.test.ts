// The streamed writer against the in-memory one: the same pixels (bit for bit) in every format, depth,
// gray and alpha combination, the metadata carried, ×2/×3 resampling within one level of the in-memory
// resample (alpha identical), and the atomic-write rules: nothing is left behind on abort or failure, and an existing
// file is never replaced unless asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DvarError } from '../../electron/engine/errors.ts';
import { resizeAlpha16 } from '../../electron/image-files/alpha.ts';
import { bufferAsUint16 } from '../../electron/image-files/float-pixels.ts';
import { resizeAlpha } from '../../electron/image-files/alpha.ts';
import { resampleImage } from '../../electron/image-files/resample-output.ts';
import { withDvarMarker } from '../../electron/image-files/output-marker.ts';
import { StreamedImageWriter, type StreamedImageOptions } from '../../electron/image-files/streamed-write.ts';
import { writeImage, type OutputFormat } from '../../electron/image-files/write-image.ts';
import type { FloatImage } from '../../electron/engine/types.ts';
import { syntheticImage } from '../helpers/fixtures.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('streamed-write');
test.after(cleanup);
const at = (name: string) => join(dir, name);

const W = 45;
const H = 31;
const XMP = Buffer.from('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF></x:xmpmeta>');

function rowsOf(image: FloatImage, y: number, rows: number): FloatImage {
  const n = image.width * image.height;
  const data = new Float32Array(3 * image.width * rows);
  for (let c = 0; c < 3; c++) data.set(image.data.subarray(c * n + y * image.width, c * n + (y + rows) * image.width), c * image.width * rows);
  return { width: image.width, height: rows, channels: 3, data };
}

async function streamIn(path: string, image: FloatImage, options: StreamedImageOptions, bands = [7, 1, 13]): Promise<void> {
  const writer = await StreamedImageWriter.open(path, options);
  let y = 0;
  for (let i = 0; y < image.height; i++) {
    const rows = Math.min(bands[i % bands.length]!, image.height - y);
    await writer.write(rowsOf(image, y, rows), y);
    y += rows;
  }
  await writer.finish();
}

async function pixels(path: string): Promise<{ data: Uint16Array; channels: number }> {
  const { data, info } = await sharp(path).raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  return { data: bufferAsUint16(data), channels: info.channels };
}

function alphaPlane(): Float32Array {
  return Float32Array.from({ length: W * H }, (_, i) => ((i * 37) % 101) / 100);
}

const CASES: { format: OutputFormat; bitDepth: 8 | 16; gray: boolean; alpha: boolean }[] = [
  { format: 'png', bitDepth: 8, gray: false, alpha: false },
  { format: 'png', bitDepth: 16, gray: false, alpha: true },
  { format: 'png', bitDepth: 8, gray: true, alpha: true },
  { format: 'tiff', bitDepth: 16, gray: true, alpha: false },
  { format: 'jpg', bitDepth: 8, gray: false, alpha: true },
  { format: 'webp', bitDepth: 8, gray: false, alpha: false },
];

for (const c of CASES) {
  test(`${c.format} ${c.bitDepth}-bit${c.gray ? ' gray' : ''}${c.alpha ? ' + alpha' : ''}: the same pixels as the in-memory writer`, async () => {
    const image = syntheticImage(W, H, 4);
    const alpha = c.alpha ? alphaPlane() : null;
    const name = `${c.format}-${c.bitDepth}-${c.gray}-${c.alpha}`;
    const common = { format: c.format, bitDepth: c.bitDepth, gray: c.gray, overwrite: false, metadata: { xmp: XMP } };
    // The in-memory path gets the alpha plane as the engine hands it over: 16-bit samples / 65535.
    const alpha16 = alpha ? await resizeAlpha16(alpha, { width: W, height: H }, { width: W, height: H }) : null;
    const alphaFloat = alpha16 ? Float32Array.from(alpha16, (v) => v / 65535) : null;
    await writeImage(at(`${name}-memory.${c.format}`), { rgb: image, alpha: alphaFloat }, common);
    const alphaRows = alpha16 ? { width: W, height: H, samples: alpha16 } : null;
    await streamIn(at(`${name}-streamed.${c.format}`), image, { ...common, width: W, height: H, alpha: alphaRows });
    const memory = await pixels(at(`${name}-memory.${c.format}`));
    const streamed = await pixels(at(`${name}-streamed.${c.format}`));
    assert.equal(streamed.channels, memory.channels);
    assert.deepEqual(streamed.data, memory.data);
    assert.equal((await sharp(at(`${name}-streamed.${c.format}`)).metadata()).xmp?.toString(), withDvarMarker(XMP).toString());
  });
}

test('×2/×3 outputs resampled while encoding are within one level of the in-memory resample', async () => {
  const image = syntheticImage(W * 2, H * 2, 9);
  for (const to of [
    { width: W, height: H },
    { width: 67, height: 47 },
  ]) {
    const inMemory = await resampleImage(image, to);
    const alphaOut = await resizeAlpha(alphaPlane(), { width: W, height: H }, to);
    const alphaJoined = { ...to, samples: await resizeAlpha16(alphaPlane(), { width: W, height: H }, to) };
    const common = { format: 'png' as const, bitDepth: 8 as const, gray: false, overwrite: false };
    const name = `resized-${to.width}`;
    await writeImage(at(`${name}-memory.png`), { rgb: inMemory, alpha: alphaOut }, common);
    await streamIn(at(`${name}-streamed.png`), image, { ...common, width: W * 2, height: H * 2, resizeTo: to, alpha: alphaJoined });
    const memory = await pixels(at(`${name}-memory.png`));
    const streamed = await pixels(at(`${name}-streamed.png`));
    assert.equal(streamed.data.length, memory.data.length);
    let worst = 0;
    // 8-bit levels are 257 apart at 16 bits.
    for (let i = 0; i < memory.data.length; i++) worst = Math.max(worst, Math.abs(streamed.data[i]! - memory.data[i]!));
    assert.ok(worst <= 257, `worst difference ${worst / 257} levels`);
  }
});

function noTempFiles(): void {
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.includes('.dvar-tmp-')),
    [],
  );
}

test('abort, a missing row and an existing target leave no file behind and replace nothing', async () => {
  const image = syntheticImage(W, H, 2);
  const options: StreamedImageOptions = { format: 'png', bitDepth: 8, gray: false, overwrite: false, width: W, height: H, alpha: null };
  const aborted = await StreamedImageWriter.open(at('aborted.png'), options);
  await aborted.write(rowsOf(image, 0, 10), 0);
  await assert.rejects(aborted.write(rowsOf(image, 11, 2), 11), /do not continue/);
  await aborted.abort();
  noTempFiles();
  assert.ok(!readdirSync(dir).includes('aborted.png'));

  const short = await StreamedImageWriter.open(at('short.png'), options);
  await short.write(rowsOf(image, 0, H - 1), 0);
  await assert.rejects(short.finish(), /misses 1 rows/);
  noTempFiles();
  assert.ok(!readdirSync(dir).includes('short.png'));

  // Someone else creates the target while the rows are written: theirs is kept.
  const raced = await StreamedImageWriter.open(at('raced.png'), options);
  await raced.write(image, 0);
  writeFileSync(at('raced.png'), 'theirs');
  await assert.rejects(raced.finish(), (e: unknown) => e instanceof DvarError && e.code === 'OUTPUT_EXISTS');
  assert.equal(readFileSync(at('raced.png'), 'utf8'), 'theirs');
  noTempFiles();
  await assert.rejects(StreamedImageWriter.open(at('raced.png'), options), (e: unknown) => e instanceof DvarError && e.code === 'OUTPUT_EXISTS');
  await assert.rejects(
    StreamedImageWriter.open(at('huge.webp'), { ...options, format: 'webp', width: 20000, height: 10 }),
    (e: unknown) => e instanceof DvarError && e.code === 'OUTPUT_UNWRITABLE',
  );

  // With overwrite, the finished image replaces the old file in one step.
  await assert.rejects(streamIn(at('raced.png'), image, { ...options, overwrite: true }), /not written by DVAR Studio/);
  await streamIn(at('raced.png'), image, { ...options, overwrite: true, overwriteAny: true });
  assert.equal((await sharp(at('raced.png')).metadata()).width, W);
  noTempFiles();
});
