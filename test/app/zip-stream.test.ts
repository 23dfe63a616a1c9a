// The zip writer of Download all (electron/app/zip-stream.ts, zip-records.ts), read back by tools that
// did not write it: Python's zipfile (every CRC-32 checked) and `unzip -t`. Stored entries, exact
// bytes, UTF-8 names, ZIP64 when a size, offset or count passes its limit (lowered here so small files
// reach it), files opened one at a time as the reader takes the stream, and unsafe or taken names refused.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { dosDateTime } from '../../electron/app/zip-records.ts';
import { zipStream, type ZipSource } from '../../electron/app/zip-stream.ts';
import { makeTempDir } from '../helpers/images.ts';
import { PYTHON, readZip, unzipTest } from '../helpers/read-zip.ts';

const { dir, cleanup } = makeTempDir('zip-stream');
after(cleanup);
const skip = PYTHON ? false : 'No Python to read the zips back with.';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A file held in memory, handed out in chunks of `chunk` bytes; `log` records opens and closes. */
function source(name: string, bytes: Buffer, options: { chunk?: number; modified?: Date; log?: string[] } = {}): ZipSource {
  return {
    name,
    async open() {
      options.log?.push(`open ${name}`);
      async function* chunks() {
        for (let at = 0; at < bytes.length; at += options.chunk ?? 4096) yield bytes.subarray(at, at + (options.chunk ?? 4096));
      }
      return {
        size: bytes.length,
        modified: options.modified ?? new Date(2024, 5, 1, 12, 30, 10),
        chunks: chunks(),
        close: async () => void options.log?.push(`close ${name}`),
      };
    },
  };
}

async function writeZip(name: string, sources: ZipSource[], options?: Parameters<typeof zipStream>[1]): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of zipStream(sources, options)) chunks.push(chunk);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

test('every file is stored with its own bytes, CRC-32, size, time and UTF-8 name', { skip }, async () => {
  const files = { 'a-dvar-x4.png': randomBytes(70_000), '2019/été-dvar-x4.jpg': randomBytes(5), 'empty.png': Buffer.alloc(0) };
  const path = await writeZip(
    'plain.zip',
    Object.entries(files).map(([name, bytes]) => source(name, bytes)),
  );
  const entries = readZip(path);
  assert.deepEqual(
    entries.map((e) => e.name),
    Object.keys(files),
  );
  for (const entry of entries) {
    const bytes = files[entry.name as keyof typeof files];
    assert.equal(entry.sha256, sha256(bytes), entry.name);
    assert.equal(entry.crc, crc32(bytes) >>> 0, `${entry.name}: the CRC-32 recorded`);
    assert.deepEqual([entry.size, entry.compressedSize, entry.method], [bytes.length, bytes.length, 0], `${entry.name}: stored, not compressed`);
    assert.deepEqual(entry.dateTime, [2024, 6, 1, 12, 30, 10]);
    assert.equal(entry.zip64, false, 'small files need no ZIP64');
  }
  const unzip = unzipTest(path);
  if (unzip) assert.ok(unzip.ok, unzip.output);
});

test('past the limits, sizes, offsets and the count go into ZIP64 records that zipfile and unzip read', { skip }, async () => {
  const files = [randomBytes(300), randomBytes(20), randomBytes(1000)];
  const path = await writeZip(
    'zip64.zip',
    files.map((bytes, i) => source(`f${i}.png`, bytes, { chunk: 128 })),
    { limits: { bytes: 256, entries: 2 } },
  );
  const entries = readZip(path);
  assert.deepEqual(
    entries.map((e) => e.sha256),
    files.map(sha256),
  );
  // f0 is big; f1 is small but starts past the offset limit; f2 is both.
  assert.deepEqual(
    entries.map((e) => e.zip64),
    [true, true, true],
  );
  const bytes = readFileBytes(path);
  assert.ok(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])), 'the ZIP64 end of central directory record');
  assert.ok(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07])), 'its locator');
  const unzip = unzipTest(path);
  if (unzip) assert.ok(unzip.ok, unzip.output);
});

test('files are opened one at a time, as the stream is taken, and each is closed', async () => {
  const log: string[] = [];
  const big = randomBytes(3 * 1024 * 1024);
  let taken = 0;
  for await (const chunk of zipStream([source('one.png', big, { chunk: 64 * 1024, log }), source('two.png', big, { chunk: 64 * 1024, log })])) {
    assert.ok(chunk.length <= 64 * 1024 + 100, 'never more than a chunk at a time');
    taken += chunk.length;
    log.push(`took ${taken}`);
  }
  const openTwo = log.indexOf('open two.png');
  assert.ok(log.indexOf('close one.png') < openTwo, 'the first file is closed before the second opens');
  assert.ok(Number(log[openTwo - 2]?.replace('took ', '')) > big.length, 'the first file was taken whole before the second opened');
  assert.equal(log.at(-1), `took ${taken}`);
});

test('a file that cannot be opened is left out and named; a stream stopped half-way closes its file', { skip }, async () => {
  const leftOut: string[] = [];
  const gone: ZipSource = { name: 'gone.png', open: async () => null };
  const path = await writeZip('left-out.zip', [gone, source('kept.png', randomBytes(10))], { onLeftOut: (name) => leftOut.push(name) });
  assert.deepEqual(
    readZip(path).map((e) => e.name),
    ['kept.png'],
  );
  assert.deepEqual(leftOut, ['gone.png']);

  const log: string[] = [];
  for await (const _chunk of zipStream([source('stopped.png', randomBytes(100_000), { log })])) break; // the reader went away
  assert.deepEqual(log, ['open stopped.png', 'close stopped.png']);
});

test('names that would unpack outside the folder, or twice at one name (ignoring case), are refused', async () => {
  for (const name of ['../x.png', '/etc/x.png', 'a//b.png', 'a/./b.png', 'C:/x.png', 'a\\b.png', '']) {
    await assert.rejects(drain([source(name, Buffer.from('x'))]), /not a safe name/, JSON.stringify(name));
  }
  await assert.rejects(drain([source('a/X.png', Buffer.from('x')), source('a/x.png', Buffer.from('y'))]), /Two files would be named "a\/x\.png"/);
});

test('DOS times hold 1980–2107; a time outside is clamped', () => {
  assert.deepEqual(dosDateTime(new Date(1970, 0, 1)), { time: 0, date: 33 });
  assert.equal(dosDateTime(new Date(2200, 0, 1)).date >> 9, 127);
  assert.deepEqual(dosDateTime(new Date(2024, 11, 31, 23, 59, 59)), { time: (23 << 11) | (59 << 5) | 29, date: (44 << 9) | (12 << 5) | 31 });
});

async function drain(sources: ZipSource[]): Promise<void> {
  for await (const _chunk of zipStream(sources)) void _chunk;
}

function readFileBytes(path: string): Buffer {
  return readFileSync(path);
}
