// The band-by-band PNG writer: every depth and channel layout decodes (libvips) to exactly the samples
// written, with metadata chunks carried, and it refuses too many rows or a finish before the last row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import sharp from 'sharp';
import { PngStreamWriter } from '../../electron/image-files/png-stream.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('png-stream');
test.after(cleanup);

const W = 37;
const H = 23;

for (const bitDepth of [8, 16] as const) {
  for (const channels of [1, 2, 3, 4] as const) {
    test(`${bitDepth}-bit, ${channels} channel(s): written in bands, decoded exactly`, async () => {
      const path = join(dir, `band-${bitDepth}-${channels}.png`);
      const max = bitDepth === 8 ? 256 : 65536;
      const all = bitDepth === 8 ? new Uint8Array(W * H * channels) : new Uint16Array(W * H * channels);
      for (let i = 0; i < all.length; i++) all[i] = (i * 7919 + 13) % max;
      const writer = await PngStreamWriter.create(path, { width: W, height: H, channels, bitDepth });
      const perRow = W * channels;
      await writer.writeRows(all.subarray(0, perRow * 10));
      await writer.writeRows(all.subarray(perRow * 10, perRow * 11));
      await writer.writeRows(all.subarray(perRow * 11));
      await writer.finish();
      // libvips keeps an 8-bit gray + alpha pair only as grey16, where samples come back × 257.
      const wide = bitDepth === 16 || channels === 2;
      const space = channels <= 2 ? (wide ? 'grey16' : 'b-w') : wide ? 'rgb16' : 'srgb';
      const { data, info } = await sharp(path)
        .toColourspace(space)
        .raw({ depth: wide ? 'ushort' : 'uchar' })
        .toBuffer({ resolveWithObject: true });
      assert.deepEqual([info.width, info.height, info.channels], [W, H, channels]);
      const decoded = wide ? new Uint16Array(new Uint8Array(data).buffer) : new Uint8Array(data);
      const got = bitDepth === 8 && wide ? Uint8Array.from(decoded, (v) => v / 257) : decoded;
      assert.deepEqual(got, all);
    });
  }
}

test('metadata chunks are carried; too many rows and an early finish are refused', async () => {
  const path = join(dir, 'meta.png');
  const xmp = Buffer.from('<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>');
  const writer = await PngStreamWriter.create(path, { width: 4, height: 2, channels: 3, bitDepth: 8 }, { xmp });
  await assert.rejects(writer.writeRows(new Uint8Array(4 * 3 * 3)), RangeError);
  await writer.writeRows(new Uint8Array(4 * 3));
  await assert.rejects(writer.finish(), /misses 1 rows/);
  await writer.writeRows(new Uint8Array(4 * 3).fill(200));
  await writer.finish();
  const meta = await sharp(path).metadata();
  assert.equal(meta.xmp?.toString(), xmp.toString());
  await assert.rejects(PngStreamWriter.create(path, { width: 4, height: 2, channels: 3, bitDepth: 8 }), /EEXIST/);
});
