// The web host's data folder holds the queue password (in clear: no keychain outside the desktop app),
// the page key, copies of uploaded photos, thumbnails and a log naming every photo. On a shared computer
// none of it may be readable by another account: after the real host (electron/web-host/main.ts) has
// saved settings, received an upload, made a thumbnail and logged, every folder is 0700 and every file
// 0600, including a folder and settings file an older version left open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { connectApi, sessionToken, startHost } from '../e2e/web-host-process.ts';

const skip = process.platform === 'win32' ? 'file modes do not apply on Windows' : false;

/** `path` and everything under it whose mode is not 0700 (folders) or 0600 (files), as "mode path". */
function notPrivate(path: string): string[] {
  const info = statSync(path);
  const mode = info.mode & 0o777;
  const wrong = mode === (info.isDirectory() ? 0o700 : 0o600) ? [] : [`${mode.toString(8)} ${path}`];
  if (!info.isDirectory()) return wrong;
  return [...wrong, ...readdirSync(path).flatMap((name) => notPrivate(join(path, name)))];
}

test('the data folder is 0700 and every file the host writes in it 0600: settings, key, address, lock, uploads, thumbnails, log', { skip }, async () => {
  const { dir, cleanup } = makeTempDir('private-files');
  const dataDir = join(dir, 'data');
  // As an older version left it: a world-readable folder and settings file.
  mkdirSync(dataDir, { mode: 0o755 });
  chmodSync(dataDir, 0o755);
  writeFileSync(join(dataDir, 'config.json'), '{}', { mode: 0o644 });
  chmodSync(join(dataDir, 'config.json'), 0o644);
  const photo = join(dir, 'photo.jpg');
  await writePhoto(photo, 64, 48);
  const host = await startHost(dataDir);
  try {
    const api = connectApi(host);
    try {
      await api.invoke('settings:set', { queueUrl: 'redis://:hunter2@127.0.0.1:6390' });
      await api.invoke('files:add', { paths: [photo], recursive: false });
      await api.invoke('files:thumbnail', { path: photo, maxSide: 64 });
    } finally {
      api.close();
    }
    const origin = `http://127.0.0.1:${host.port}`;
    const upload = await rawRequest(
      `${origin}/upload?name=sent.jpg&token=${await sessionToken(host.url)}`,
      { 'content-type': 'application/octet-stream', origin, 'sec-fetch-site': 'same-origin' },
      'POST',
      readFileSync(photo),
    );
    assert.equal(upload.status, 200, upload.body.toString());

    const names = readdirSync(dataDir).sort();
    for (const name of ['config.json', 'logs', 'thumbnails', 'uploads', 'web-host.key', 'web-host.lock', 'web-host.url'])
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    assert.ok(
      readFileSync(join(dataDir, 'config.json'), 'utf8').includes('hunter2'),
      'the web host keeps the password in its settings file (docs/security.md)',
    );
    assert.deepEqual(notPrivate(dataDir), [], 'nothing readable by other accounts');
  } finally {
    await host.stop();
    cleanup();
  }
});
