// The host's request API apart from the queue: settings (validation as one sentence, persistence,
// a corrupt store file), files (probe, served-path checks, cached thumbnails), packs, app:info and a
// single restore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_PACK_DIR, createAppHost, type AppHost } from '../../electron/app/host.ts';
import { DEFAULT_PACK_DIR } from '../../electron/engine/index.ts';
import { scaleProgress, type ScaleProgress } from '../../electron/ipc/contract.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { writePhoto } from '../helpers/images.ts';
import { nextEvent, tinyHostSession } from './host-helpers.ts';

let host: AppHost;
const dir = tinyHostSession('host', (opened) => (host = opened));

/** Rejects with a HostError whose message is one sentence. */
async function rejectsWithSentence(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error & { code: string }) => {
    assert.equal(error.code, code);
    assert.match(error.message, /^[^\n]+[.!]$/);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.stack ?? '', /\n\s+at /); // no call sites cross the boundary
    return true;
  });
}

test('settings: defaults, validation errors as one sentence, persistence', async () => {
  const settings = await host.handle('settings:get', {});
  assert.equal(settings.packDir, TINY_PACK);
  assert.equal(settings.namingTemplate, '{name}-dvar-x{scale}');
  // What a person typed wrong is answered in their words, naming the field as Settings does.
  await rejectsWithSentence(
    host.handle('settings:set', { restore: { ...settings.restore, quality: 500 } }),
    'INVALID_REQUEST',
    /^Quality must be a whole number from 1 to 100\.$/,
  );
  await rejectsWithSentence(host.handle('settings:set', { theme: 'neon' }), 'INVALID_REQUEST', /^Choose system, light or dark\.$/);
  await rejectsWithSentence(host.handle('settings:set', { namingTemplate: 'restored' }), 'INVALID_SETTINGS', /must contain \{name\}/);
  await rejectsWithSentence(host.handle('settings:set', { namingTemplate: '{name}/{scale}' }), 'INVALID_SETTINGS', /cannot contain/);
  await rejectsWithSentence(host.handle('settings:set', { namingTemplate: '{name}-{size}' }), 'INVALID_SETTINGS', /not \{size\}/);
  await rejectsWithSentence(host.handle('settings:set', { packDir: join(dir, 'nowhere') }), 'INVALID_SETTINGS', /not a model pack folder/);

  const updated = await host.handle('settings:set', { theme: 'dark', skipExisting: false });
  assert.equal(updated.theme, 'dark');
  const stored = JSON.parse(readFileSync(join(dir, 'data', 'config.json'), 'utf8'));
  assert.equal(stored.settings.theme, 'dark'); // electron-store's file format: plain JSON
  await host.handle('settings:set', { theme: 'system', skipExisting: true });
});

test('a corrupt store file is moved aside and the host starts from defaults', async () => {
  const data = join(dir, 'corrupt');
  mkdirSync(data);
  writeFileSync(join(data, 'config.json'), '{"settings": {"theme": ');
  const other = await createAppHost({ userDataDir: data, hostKind: 'web', version: 't', imageUrl: (p) => p, thumbnailUrl: (p) => p });
  try {
    assert.equal((await other.handle('settings:get', {})).theme, 'system');
    assert.ok(readdirSync(data).some((n) => n.startsWith('config.json.corrupt-')));
    await rejectsWithSentence(other.handle('files:pick', { folders: false }), 'UNSUPPORTED', /desktop app/);
  } finally {
    await other.close();
  }
});

test('log: with a log callback and logPath the caller keeps the one log file; app:info names it', async () => {
  const data = join(dir, 'caller-log');
  const callerLog = join(data, 'logs', 'main.log');
  const lines: string[] = [];
  const other = await createAppHost({
    userDataDir: data,
    hostKind: 'electron',
    version: 't',
    imageUrl: (p) => p,
    thumbnailUrl: (p) => p,
    log: (level, message) => lines.push(`${level} ${message}`),
    logPath: callerLog,
  });
  try {
    await other.handle('settings:set', { packDir: TINY_PACK, threads: 1 });
    const info = (await other.handle('app:info', {})) as { logPath: string };
    assert.equal(info.logPath, callerLog);
    assert.ok(
      lines.some((line) => line.startsWith('info DVAR Studio t host started (electron)')),
      lines.join('\n'),
    );
    assert.ok(!existsSync(join(data, 'logs', 'host.log')), 'the host keeps no file of its own');
  } finally {
    await other.close();
  }
});

test('files: probe, served-path checks and cached thumbnails', async () => {
  const folder = join(dir, 'files');
  mkdirSync(join(folder, 'deeper'), { recursive: true });
  await writePhoto(join(folder, 'one.jpg'), 40, 30);
  await writePhoto(join(folder, 'deeper', 'two.png'), 20, 20);
  writeFileSync(join(folder, 'notes.png'), 'not really a png');
  const added = await host.handle('files:add', { paths: [folder], recursive: true });
  assert.deepEqual(
    added.files.map((f) => [f.name, f.width, f.height]),
    [
      ['two.png', 20, 20],
      ['one.jpg', 40, 30],
    ],
  );
  assert.equal(added.errors.length, 1);
  assert.match(added.errors[0]!, /notes\.png is not an image DVAR Studio can read/);

  const photo = join(folder, 'one.jpg');
  assert.deepEqual(await host.handle('files:image-url', { path: photo }), { url: `/image?path=${encodeURIComponent(photo)}` });
  assert.ok(host.canServe(photo));
  assert.ok(!host.canServe('/etc/passwd'));
  await rejectsWithSentence(host.handle('files:image-url', { path: '/etc/passwd' }), 'NOT_ALLOWED', /not one of the photos/);

  const first = await host.handle('files:thumbnail', { path: photo, maxSide: 32 });
  const second = await host.handle('files:thumbnail', { path: photo, maxSide: 32 });
  assert.equal(first.url, second.url);
  const cacheFile = decodeURIComponent(first.url.slice('/thumb?file='.length));
  assert.ok(existsSync(cacheFile) && cacheFile.startsWith(host.thumbnailDir));
  assert.ok(host.canServe(cacheFile));
  const bigger = await host.handle('files:thumbnail', { path: photo, maxSide: 64 });
  assert.notEqual(bigger.url, first.url);
  await rejectsWithSentence(host.handle('files:reveal', { path: photo }), 'UNSUPPORTED', /desktop app/);
});

test('packs: the default pack location, import validates, list includes imports', async () => {
  assert.equal(BUNDLED_PACK_DIR, DEFAULT_PACK_DIR);
  const imported = await host.handle('packs:import', { dir: TINY_PACK });
  assert.deepEqual([imported.name, imported.upscale, imported.text, imported.isDefault], ['tiny', 4, false, false]);
  const list = await host.handle('packs:list', {});
  assert.ok(list.some((p) => p.dir === TINY_PACK));
  await rejectsWithSentence(
    host.handle('packs:import', { dir: join(dir, 'nope') }),
    'PACK_MISSING',
    /^No model pack was found at .*nope; import the folder that holds the pack's manifest\.json\.$/,
  );
});

test('app:info reports the provider; restore:start restores one photo and never replaces a file', async () => {
  const info = (await host.handle('app:info', {})) as { provider: string; host: string; logPath: string };
  assert.equal(info.provider, 'cpu');
  assert.equal(info.host, 'web');
  const folder = join(dir, 'single');
  mkdirSync(folder);
  await writePhoto(join(folder, 's.png'), 24, 24);
  for (const expected of ['s-dvar-x4.png', 's-dvar-x4-2.png']) {
    const progress: ScaleProgress[] = [];
    const off = host.on((channel, payload) => channel === 'restore:progress' && progress.push(payload as ScaleProgress));
    const done = nextEvent<{ jobId: string; output: string }>(host, 'restore:done');
    const { jobId } = await host.handle('restore:start', { path: join(folder, 's.png') });
    const result = await done;
    off();
    assert.equal(result.jobId, jobId);
    // Each event places its tile in the whole photo; a photo this small is one padded tile.
    assert.ok(progress.length > 0 && progress.every((p) => p.jobId === jobId && scaleProgress.safeParse(p).success));
    assert.ok(
      progress.every((p) => p.imageWidth === 24 && p.imageHeight === 24 && p.tile.x === 0 && p.tile.y === 0 && p.tile.width >= 24 && p.tile.height >= 24),
    );
    assert.equal(result.output, join(folder, expected));
    assert.ok(host.canServe(result.output));
  }
  await rejectsWithSentence(host.handle('restore:start', { path: join(folder, 'gone.png') }), 'NOT_FOUND', /does not exist/);
  assert.equal(info.logPath, join(dir, 'data', 'logs', 'host.log')); // no logPath given: the host's own file
  assert.ok(existsSync(info.logPath));
});
