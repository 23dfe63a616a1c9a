// Thumbnails of results (electron/app/thumbnails.ts), which queue rows and Files cards show beside the
// photo's: a result is up to 16 times its photo's pixels, past sharp's default limit of 268 MP, and
// still gets its small thumbnail, made into the cache folder (private to the user), never beside it.
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { ThumbnailCache } from '../../electron/app/thumbnails.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('thumbnails');
after(cleanup);

/** A black 1-bit PNG of any size, written by hand: 272 MP in a few megabytes and milliseconds. */
function blackPng(path: string, width: number, height: number): void {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth; colour type 0 (grey), no interlace
  const rows = Buffer.alloc(height * (1 + Math.ceil(width / 8))); // filter 0, all black
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  writeFileSync(path, Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]));
}

test('a result past 268 MP gets its small thumbnail, in the cache folder only', async () => {
  const cache = join(dir, 'data', 'thumbnails');
  const result = join(dir, 'big-dvar-x4.png');
  blackPng(result, 17_000, 16_000); // 272 MP: a 4250×4000 photo at ×4
  const file = await new ThumbnailCache(cache).get(result, 80);
  assert.equal(join(file, '..'), cache);
  const meta = await sharp(file).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 80, 75]);
  if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir).sort(), ['big-dvar-x4.png', 'data'], 'nothing beside the result');
});
