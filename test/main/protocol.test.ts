// app:// serves renderer/dist (and nothing outside it) with the CSP; dvar-image:// serves only files
// the host minted a URL for. Node's Request/Response stand in for Electron's protocol.handle.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security.ts';
import { createAppFileHandler, createImageUrls } from '../../electron/main/protocol.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const temp = makeTempDir('protocol');
after(temp.cleanup);

const get = (url: string, method = 'GET') => new Request(url, { method });

test('app:// serves the built renderer with the CSP, and nothing outside its folder', async () => {
  const dist = join(temp.dir, 'renderer-dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(temp.dir, 'secret.js'), 'secret');
  const serve = createAppFileHandler(dist);

  const index = await serve(get('app://dvar/index.html'));
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.match(index.headers.get('content-type')!, /^text\/html/);
  assert.equal(await index.text(), '<!doctype html><title>ui</title>');
  assert.equal((await serve(get('app://dvar/'))).status, 200);
  const script = await serve(get('app://dvar/assets/app.js'));
  assert.match(script.headers.get('content-type')!, /^text\/javascript/);

  for (const url of [
    'app://dvar/../secret.js',
    'app://dvar/%2e%2e/secret.js',
    'app://dvar/assets/%2e%2e%2f..%2fsecret.js',
    'app://other/index.html',
    'app://dvar/missing.js',
    'app://dvar/%E0%A4%A',
  ]) {
    assert.ok([400, 404].includes((await serve(get(url))).status), url);
  }
  assert.equal((await serve(get('app://dvar/index.html', 'POST'))).status, 405);
});

test('app:// explains how to build the UI when renderer/dist is missing', async () => {
  const response = await createAppFileHandler(join(temp.dir, 'nowhere'))(get('app://dvar/index.html'));
  assert.equal(response.status, 503);
  assert.match(await response.text(), /npm run build:renderer/);
});

test('dvar-image:// serves minted photos and thumbnails only, by random id', async () => {
  const photo = join(temp.dir, 'a photo.png');
  await writePhoto(photo, 8, 6);
  writeFileSync(join(temp.dir, 'notes.txt'), 'not an image');
  const urls = createImageUrls();

  const url = urls.imageUrl(photo);
  assert.match(url, /^dvar-image:\/\/file\/[A-Za-z0-9_-]{16}\/a%20photo\.png\?v=\d+$/);
  assert.equal(urls.imageUrl(photo).split('?')[0], url.split('?')[0], 'the same path keeps its URL');
  const response = await urls.handle(get(url));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'image/png');
  assert.equal(response.headers.get('access-control-allow-origin'), 'app://dvar');
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  assert.equal((await urls.handle(get(url, 'HEAD'))).status, 200);

  assert.equal((await urls.handle(get(urls.thumbnailUrl(join(temp.dir, 'notes.txt'))))).status, 403, 'only image types');
  assert.equal((await urls.handle(get(urls.imageUrl(join(temp.dir, 'gone.png'))))).status, 404);
  const forged = url.replace(/file\/[^/]+\//, `file/${encodeURIComponent(photo)}/`);
  assert.equal((await urls.handle(get(forged))).status, 404, 'a path is not an id');
  assert.equal((await urls.handle(get('dvar-image://file/'))).status, 404);
});

test('dvar-image:// serves TIFF (which Chromium cannot show) as PNG', async () => {
  const tiff = join(temp.dir, 'scan.tif');
  await writePhoto(tiff, 6, 4);
  const urls = createImageUrls();
  const response = await urls.handle(get(urls.imageUrl(tiff)));
  assert.equal(response.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.equal(Number(response.headers.get('content-length')), bytes.length);
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
});

test('dvar-image:// asks the host again on every fetch', async () => {
  const photo = join(temp.dir, 'revoked.png');
  await writePhoto(photo, 4, 4);
  let allowed = true;
  const urls = createImageUrls({ canServe: (path) => allowed && path === photo });
  const url = urls.imageUrl(photo);
  assert.equal((await urls.handle(get(url))).status, 200);
  allowed = false;
  assert.equal((await urls.handle(get(url))).status, 403);
});

test('dvar-image:// forgets the oldest ids beyond its capacity', async () => {
  const urls = createImageUrls({ capacity: 2 });
  const paths = ['a.png', 'b.png', 'c.png'].map((name) => join(temp.dir, name));
  for (const path of paths) await writePhoto(path, 4, 4);
  const [a, b] = [urls.imageUrl(paths[0]!), urls.imageUrl(paths[1]!)];
  urls.imageUrl(paths[0]!); // a is used again: b is now the oldest
  urls.imageUrl(paths[2]!);
  assert.equal((await urls.handle(get(a))).status, 200);
  assert.equal((await urls.handle(get(b))).status, 404);
  assert.notEqual(urls.imageUrl(paths[1]!).split('?')[0], b.split('?')[0], 'a forgotten path gets a new id');
});

test('dvar-image:// never hands out a file of its own bytes: an SVG or HTML named .png gets 415, a JPEG comes back as PNG', async () => {
  const svg = join(temp.dir, 'evil.png');
  writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><script>alert(1)</script></svg>');
  const html = join(temp.dir, 'page.jpg');
  writeFileSync(html, '<!doctype html><script>alert(1)</script>');
  const jpeg = join(temp.dir, 'photo.jpg');
  await writePhoto(jpeg, 6, 4);
  const urls = createImageUrls();
  for (const file of [svg, html]) {
    const response = await urls.handle(get(urls.imageUrl(file)));
    assert.equal(response.status, 415, file);
    assert.doesNotMatch(await response.text(), /script/);
  }
  const response = await urls.handle(get(urls.imageUrl(jpeg)));
  assert.equal(response.headers.get('content-type'), 'image/png');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('content-security-policy'), "sandbox; default-src 'none'");
  assert.equal(
    Buffer.from(await response.arrayBuffer())
      .subarray(1, 4)
      .toString(),
    'PNG',
  );
  const navigation = new Request(urls.imageUrl(jpeg), { headers: { 'sec-fetch-mode': 'navigate' } });
  assert.equal((await urls.handle(navigation)).status, 403, 'never opened as a page');
});
