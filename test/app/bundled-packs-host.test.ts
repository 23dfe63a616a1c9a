// The host with bundled packs beside its default (as a packaged app has them): packs:list offers both,
// Settings chooses "fast" by name, and the queue's engine then restores with that pack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppHost, type AppHost } from '../../electron/app/host.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { bundledPackLayout, RESTORER } from './bundled-pack-fixture.ts';
import { nextEvent } from './host-helpers.ts';

const { dir, cleanup } = makeTempDir('bundled-host');
const { defaultPackDir, fastDir, modelCardsDir } = bundledPackLayout(dir);
let host: AppHost;
test.before(async () => {
  host = await createAppHost({
    userDataDir: join(dir, 'data'),
    hostKind: 'web',
    version: '0.0.0-test',
    imageUrl: (path) => `/image?path=${encodeURIComponent(path)}`,
    thumbnailUrl: (file) => `/thumb?file=${encodeURIComponent(file)}`,
    defaultPackDir,
    modelCardsDir,
  });
  await host.handle('settings:set', { threads: 1 });
});
test.after(async () => {
  await host.close();
  cleanup();
});

test('packs:list offers every bundled pack, default first, with cards and the restorer credit', async () => {
  const list = await host.handle('packs:list', {});
  assert.deepEqual(
    list.map((p) => [p.name, p.ref, p.bundled, p.dir]),
    [
      ['default', null, true, defaultPackDir],
      ['fast', 'fast', true, fastDir],
    ],
  );
  assert.deepEqual(list[0]!.restorer, RESTORER);
  assert.equal(list[1]!.card, '# Fast pack\n');
});

test('choosing "fast" in Settings makes the restores use it; an unknown name is one sentence', async () => {
  const chosen = await host.handle('settings:set', { packDir: 'fast' });
  assert.equal(chosen.packDir, 'fast');
  await assert.rejects(host.handle('settings:set', { packDir: 'fats' }), {
    code: 'INVALID_SETTINGS',
    message: /^The model pack folder must be a full path .*, not "fats"\.$/,
  });

  const photo = join(dir, 'photo.png');
  await writePhoto(photo, 24, 24);
  // With fast's manifest gone the restore fails naming fast's folder: proof the engine opens "fast".
  const manifest = join(fastDir, 'manifest.json');
  const text = readFileSync(manifest, 'utf8');
  rmSync(manifest);
  const failed = nextEvent<{ message: string }>(host, 'restore:failed');
  await host.handle('restore:start', { path: photo });
  assert.ok((await failed).message.includes(manifest), 'names the manifest of fast');
  writeFileSync(manifest, text);
  const done = nextEvent<{ output: string }>(host, 'restore:done');
  await host.handle('restore:start', { path: photo });
  assert.equal((await done).output, join(dir, 'photo-dvar-x4.png'));
});
