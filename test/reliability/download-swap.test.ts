// /download returns a file's own bytes, so it checks what is at the path when it serves it: a photo
// added with files:add and then swapped for a link to a secret, for a text file, or for a FIFO is not
// served (404, the same as any path never added), while the photo itself still downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { rawRequest } from '../helpers/raw-request.ts';

const { dir, cleanup } = makeTempDir('download-swap');
let web: WebHost;
const secret = join(dir, 'secret.txt');
const SECRET = 'the secret text of another file\n';

test.before(async () => {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>DVAR Studio</title>');
  writeFileSync(secret, SECRET);
  web = await startWebHost({ dataDir: join(dir, 'data'), port: 0, rendererDir });
});
test.after(async () => {
  await web.close();
  cleanup();
});

let photos = 0;
/** A photo added through files:add, as the page would. */
async function addedPhoto(): Promise<string> {
  const path = join(dir, `photo-${++photos}.jpg`);
  await writePhoto(path, 24, 16);
  const added = await web.host.handle('files:add', { paths: [path], recursive: false });
  assert.deepEqual(added.errors, []);
  return path;
}

const download = (path: string, method = 'GET') =>
  rawRequest(`http://127.0.0.1:${web.port}/download?path=${encodeURIComponent(path)}&token=${web.token}`, { 'sec-fetch-site': 'same-origin' }, method);

test('an added photo still downloads, byte for byte', async () => {
  const path = await addedPhoto();
  const reply = await download(path);
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.body, readFileSync(path));
  assert.equal((await download(path, 'HEAD')).status, 200);
});

test('a photo swapped for a link to a secret after files:add is not served', async () => {
  const path = await addedPhoto();
  rmSync(path);
  symlinkSync(secret, path);
  for (const method of ['GET', 'HEAD']) {
    const reply = await download(path, method);
    assert.equal(reply.status, 404, `${method}: ${reply.body.toString()}`);
    assert.ok(!reply.body.toString().includes('secret text'));
  }
});

test('a photo swapped for a link to another photo after files:add is not served either', async () => {
  const path = await addedPhoto();
  const elsewhere = join(dir, 'elsewhere.jpg');
  copyFileSync(path, elsewhere);
  rmSync(path);
  symlinkSync(elsewhere, path);
  assert.equal((await download(path)).status, 404);
});

test('a photo overwritten with text after files:add is not served', async () => {
  const path = await addedPhoto();
  writeFileSync(path, SECRET);
  const reply = await download(path);
  assert.equal(reply.status, 404);
  assert.ok(!reply.body.toString().includes('secret text'));
});

test('a photo swapped for a FIFO after files:add is refused at once', { skip: process.platform === 'win32' && 'no FIFOs' }, async () => {
  const path = await addedPhoto();
  renameSync(path, `${path}.old`);
  execFileSync('mkfifo', [path]);
  const reply = await Promise.race([
    download(path),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still waiting after 5 s')), 5000).unref()),
  ]);
  assert.equal(reply.status, 404);
});
