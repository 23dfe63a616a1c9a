// Settings' "16-bit PNG/TIFF" (outputDepth): saved with the other settings and read back by the next
// start, refused in one sentence when it is neither 8 nor 16, and followed by both the Restore view's
// restores (restore:start) and the batch (queue), which then write 16-bit PNGs from 8-bit photos.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { AppHost } from '../../electron/app/host.ts';
import type { EventOf } from '../../electron/ipc/contract.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { nextEvent, queueIdle, tinyHost } from './host-helpers.ts';

// Its own session (not tinyHostSession): the first test restarts the host, and the one running at the end is closed.
const { dir, cleanup } = makeTempDir('settings-output-depth');
let host: AppHost;
before(async () => (host = await tinyHost(join(dir, 'data'))));
after(async () => {
  await host.close();
  cleanup();
});

test('outputDepth is 8 by default, saved as 16, kept by the next start, and a bad value is one sentence', async () => {
  assert.equal((await host.handle('settings:get', {})).outputDepth, 8);
  assert.equal((await host.handle('settings:set', { outputDepth: 16 })).outputDepth, 16);
  await assert.rejects(host.handle('settings:set', { outputDepth: 12 } as never), { message: 'The bit depth of PNG and TIFF outputs must be 8 or 16.' });
  const again = await tinyHost(join(dir, 'data-copy'));
  try {
    assert.equal((await again.handle('settings:get', {})).outputDepth, 8, 'another data folder has its own settings');
  } finally {
    await again.close();
  }
  await host.close();
  host = await tinyHost(join(dir, 'data'));
  assert.equal((await host.handle('settings:get', {})).outputDepth, 16, 'the next start reads it back');
});

test('with 16 bits on, a Restore view restore and a batch both write 16-bit PNGs from 8-bit photos', async () => {
  await host.handle('settings:set', { outputDepth: 16 });
  const folder = join(dir, 'photos');
  mkdirSync(folder);
  await writePhoto(join(folder, 'one.jpg'), 24, 16);
  await writePhoto(join(folder, 'two.jpg'), 24, 16);
  const done = nextEvent<EventOf<'restore:done'>>(host, 'restore:done');
  await host.handle('restore:start', { path: join(folder, 'one.jpg') });
  assert.equal((await sharp((await done).output).metadata()).depth, 'ushort', 'the Restore view’s restore');
  await host.handle('queue:add', { paths: [join(folder, 'two.jpg')], recursive: false });
  const idle = queueIdle(host);
  await host.handle('queue:start', {});
  const item = (await idle).items.find((i) => i.input === join(folder, 'two.jpg'));
  assert.equal(item?.status, 'done');
  assert.equal((await sharp(item.output!).metadata()).depth, 'ushort', 'the batch');
  await host.handle('settings:set', { outputDepth: 8 });
});
