// Files that are no photo never get past the host's probe (probe-photo.ts), whatever their name says:
// files:add lists them as sentences, queue:add gives each (named or found in a folder) a rejected row
// with its sentence that never runs, restore:start refuses, and none becomes servable (canServe) — not even after a
// restart with a queue file written before these checks existed. The host decodes photo formats only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createFileStore } from '../../electron/app/store.ts';
import type { AppHost } from '../../electron/app/host.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { tinyHost } from './host-helpers.ts';

const { dir, cleanup } = makeTempDir('untrusted');
const folder = join(dir, 'photos');
const secret = join(dir, 'secret.txt');
const svg = join(folder, 'evil.svg');
const svgNamedPng = join(folder, 'cat.png');
const csvNamedJpg = join(folder, 'table.jpg');
const photo = join(folder, 'beach.jpg');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(1)</script></svg>';
let host: AppHost;

test.before(async () => {
  mkdirSync(folder, { recursive: true });
  writeFileSync(secret, 'TOP SECRET');
  writeFileSync(svg, SVG);
  writeFileSync(svgNamedPng, SVG);
  writeFileSync(csvNamedJpg, '1 2 3\n4 5 6\n');
  await writePhoto(photo, 16, 12);
  host = await tinyHost(join(dir, 'data'));
});
test.after(async () => {
  await host.close();
  cleanup();
});

const refusal = (pattern: RegExp) => (error: Error & { code: string }) => {
  assert.equal(error.code, 'INVALID_REQUEST');
  assert.match(error.message, pattern);
  assert.ok(!error.message.includes('\n'), 'one sentence');
  return true;
};

test('files:add: only content that decodes as a photo format is added and becomes servable', async () => {
  const added = await host.handle('files:add', { paths: [photo, svg, svgNamedPng, csvNamedJpg, secret], recursive: false });
  assert.deepEqual(
    added.files.map((f) => f.name),
    ['beach.jpg'],
  );
  assert.equal(added.errors.length, 4);
  for (const error of added.errors) assert.match(error, /is not an image DVAR Studio can read/);
  for (const path of [svg, svgNamedPng, csvNamedJpg, secret]) assert.equal(host.canServe(path), false, path);
  assert.equal(host.canServe(photo), true);
  await assert.rejects(host.handle('files:image-url', { path: secret }), { code: 'NOT_ALLOWED' });
  await assert.rejects(host.handle('files:thumbnail', { path: svg, maxSide: 64 }), { code: 'NOT_ALLOWED' });
  await assert.rejects(host.handle('files:reveal', { path: secret }), { code: 'NOT_ALLOWED' });
});

test('queue:add: a file that is no photo, named or in a folder, gets a rejected row with its reason', async () => {
  const named = await host.handle('queue:add', { paths: [photo, secret, svgNamedPng, join(dir, 'missing.jpg')], recursive: false });
  const status = Object.fromEntries(named.items.map((i) => [i.input, i]));
  assert.equal(status[photo]!.status, 'pending');
  assert.equal(status[secret]!.status, 'rejected');
  assert.match(status[secret]!.error!, /^[^\n]*secret\.txt is not an image DVAR Studio can read[^\n]*\.$/);
  assert.match(status[svgNamedPng]!.error!, /cat\.png is not an image/);
  assert.match(status[join(dir, 'missing.jpg')]!.error!, /does not exist/);
  assert.equal(host.canServe(secret), false);
  assert.equal(host.canServe(svgNamedPng), false);
  await host.handle('queue:clear-finished', {});
  await host.handle('queue:remove', { id: status[photo]!.id });

  const state = await host.handle('queue:add', { paths: [folder], recursive: false });
  const rows = Object.fromEntries(state.items.map((i) => [i.input.slice(folder.length + 1), i]));
  assert.deepEqual(Object.keys(rows).sort(), ['beach.jpg', 'cat.png', 'table.jpg'], 'the folder scan lists photo names (never .svg)');
  assert.equal(rows['beach.jpg']!.status, 'pending');
  for (const name of ['cat.png', 'table.jpg']) {
    assert.equal(rows[name]!.status, 'rejected', name);
    assert.match(rows[name]!.error!, /is not an image DVAR Studio can read/);
    assert.equal(host.canServe(join(folder, name)), false);
  }
  await host.handle('queue:clear-finished', {});
  await host.handle('queue:remove', { id: rows['beach.jpg']!.id });
});

test('restore:start refuses what is not a photo before anything runs', async () => {
  await assert.rejects(host.handle('restore:start', { path: secret }), refusal(/secret\.txt is not an image/));
  await assert.rejects(host.handle('restore:start', { path: svg }), refusal(/evil\.svg is not an image/));
  assert.equal(host.canServe(secret), false);
});

test('the host decodes photo formats only: sharp refuses SVG in this process', async () => {
  await assert.rejects(sharp(Buffer.from(SVG)).metadata(), /unsupported image format/);
});

test('after a restart, a queued path from an older queue file is servable only if it still probes as a photo', async () => {
  const data = join(dir, 'old-data');
  const old = createFileStore(data, 'config');
  const row = (input: string) => ({ id: input, input, output: null, status: 'failed', progress: 0, error: 'x', ms: null, relativeDir: '', pixels: null });
  old.set('queue', { items: [row(secret), row(svgNamedPng), row(photo)], running: false, paused: false });
  const restarted = await tinyHost(data);
  try {
    assert.equal((await restarted.handle('queue:get', {})).items.length, 3, 'nothing it could read is lost');
    assert.equal(restarted.canServe(secret), false);
    assert.equal(restarted.canServe(svgNamedPng), false);
    assert.equal(restarted.canServe(photo), true);
  } finally {
    await restarted.close();
  }
});

test('settings: a relative output folder starts from the home folder, never from the host process; pack folders must be full paths', async () => {
  const home = homedir();
  for (const [typed, expected] of [
    ['restored', join(home, 'restored')],
    ['~/out', join(home, 'out')],
    ['~', home],
  ] as const) {
    const saved = await host.handle('settings:set', { outputDir: typed });
    assert.equal(saved.outputDir, expected, typed);
  }
  await host.handle('settings:set', { outputDir: null });
  await assert.rejects(host.handle('settings:set', { packDir: 'packs/mine' }), (error: Error & { code: string }) => {
    assert.equal(error.code, 'INVALID_SETTINGS');
    assert.match(error.message, /must be a full path/);
    return true;
  });
});

test('packs:import takes full paths only', async () => {
  await assert.rejects(host.handle('packs:import', { dir: 'models/packs/default' }), refusal(/must be a full path/));
});
