// The welcome's sample photo: the shipped file (a small real JPEG, credited, with its licence beside it)
// and `files:sample`, which opens a copy of it in the data folder (results are written beside a photo;
// an installed app's folder is read-only) that stays the shipped photo, and `welcomeDismissed`, which
// the host keeps like any setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { createAppHost, type AppHost } from '../../electron/app/host.ts';
import { SAMPLE_PHOTO, sampleCopy } from '../../electron/app/sample-photo.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { tinyHostSession } from './host-helpers.ts';

let host: AppHost;
const dir = tinyHostSession('sample', (opened) => (host = opened));

test('the shipped sample is a small JPEG with its licence beside it, credited in docs/photo-credits.md', async () => {
  assert.equal(dirname(SAMPLE_PHOTO), join(REPO_ROOT, 'samples'));
  const meta = await sharp(SAMPLE_PHOTO).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.ok(Math.max(meta.width, meta.height) >= 320 && Math.max(meta.width, meta.height) <= 480, `${meta.width}×${meta.height}`);
  const licence = readFileSync(join(REPO_ROOT, 'samples', 'LICENSE-sample-dandelions.txt'), 'utf8');
  assert.match(licence, /^sample-dandelions\.jpg: "seeding" by Clemens Engelhardt/);
  assert.match(licence, /License: CC0-1\.0/);
  assert.match(readFileSync(join(REPO_ROOT, 'docs', 'photo-credits.md'), 'utf8'), /\| sample-dandelions\.jpg \|.*\| CC0-1\.0 \|/);
});

test('files:sample opens a copy in the data folder, which can be shown, and leaves the shipped photo alone', async () => {
  const shipped = readFileSync(SAMPLE_PHOTO);
  const entry = await host.handle('files:sample', {});
  assert.equal(entry.path, join(dir, 'data', 'sample', basename(SAMPLE_PHOTO)));
  assert.deepEqual(readFileSync(entry.path), shipped);
  const meta = await sharp(SAMPLE_PHOTO).metadata();
  assert.deepEqual([entry.width, entry.height, entry.bytes], [meta.width, meta.height, shipped.length]);
  assert.ok(host.canServe(entry.path), 'probed, so its thumbnail and image may be shown');
  assert.equal((await host.handle('files:thumbnail', { path: entry.path, maxSide: 64 })).url.startsWith('/thumb?'), true);
  if (process.platform !== 'win32') assert.equal(statSync(entry.path).mode & 0o777, 0o600, 'private, like the rest of the data folder');
  assert.deepEqual(readFileSync(SAMPLE_PHOTO), shipped);
});

test('an edited or missing copy is written again from the shipped photo; an unchanged one is left as it is', async () => {
  const data = join(dir, 'copies');
  const copy = await sampleCopy(SAMPLE_PHOTO, data);
  const written = statSync(copy).mtimeMs;
  assert.equal(await sampleCopy(SAMPLE_PHOTO, data), copy);
  assert.equal(statSync(copy).mtimeMs, written, 'not rewritten');
  writeFileSync(copy, 'not the sample');
  await sampleCopy(SAMPLE_PHOTO, data);
  assert.deepEqual(readFileSync(copy), readFileSync(SAMPLE_PHOTO));
});

test('an installation without the sample says so in one sentence', async () => {
  const data = join(dir, 'no-sample');
  const other = await createAppHost({
    userDataDir: data,
    hostKind: 'web',
    version: 't',
    imageUrl: (p) => p,
    thumbnailUrl: (p) => p,
    samplePhoto: join(dir, 'gone.jpg'),
  });
  try {
    await assert.rejects(other.handle('files:sample', {}), (error: Error & { code: string }) => {
      assert.equal(error.code, 'NOT_FOUND');
      assert.match(error.message, /^The sample photo is missing from this installation \(.*gone\.jpg\); open one of your own photos instead\.$/);
      return true;
    });
    assert.equal(existsSync(join(data, 'sample')), false);
  } finally {
    await other.close();
  }
});

test('the welcome is shown until put away, and put away it stays', async () => {
  assert.equal((await host.handle('settings:get', {})).welcomeDismissed, false);
  assert.equal((await host.handle('settings:set', { welcomeDismissed: true })).welcomeDismissed, true);
  const stored = JSON.parse(readFileSync(join(dir, 'data', 'config.json'), 'utf8'));
  assert.equal(stored.settings.welcomeDismissed, true);
});
