// The web host end to end: the browser client (createWebSocketApi, driven here with the `ws` package's
// WebSocket) round-trips requests and events over /ws, a restore streams progress with PNG previews
// and ends in restore:done, and HTTP serves the renderer, seen photos (re-encoded) and thumbnails —
// nothing else, and nothing without the session token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../electron/app/renderer-policy.ts';
import { events as eventSchemas, type ScaleProgress } from '../../electron/ipc/contract.ts';
import { createWebSocketApi, type SocketConstructor } from '../../electron/ipc/web-socket-client.ts';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { openOwnPage } from '../helpers/own-page.ts';
import { serverMessage } from '../helpers/ws-message.ts';

const { dir, cleanup } = makeTempDir('web-host');
const rendererDir = join(dir, 'renderer');
let web: WebHost;
let origin: string;
let pageCookie: string;

test.before(async () => {
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>DVAR Studio</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("renderer")');
  web = await startWebHost({ dataDir: join(dir, 'data'), port: 0, rendererDir, version: '9.9.9' });
  origin = `http://127.0.0.1:${web.port}`;
  pageCookie = (await openOwnPage(web.url)).cookie; // what the user's browser holds after opening the printed address
});
test.after(async () => {
  await web.close();
  cleanup();
});

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(`${origin}${path}`, { cookie: pageCookie, ...headers });

const api = () => createWebSocketApi(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`, { WebSocket: WebSocket as unknown as SocketConstructor });

test('the client round-trips requests, errors and a restore with previews over /ws', async () => {
  const client = api();
  try {
    const info = await client.invoke('app:info', {});
    assert.deepEqual([info.version, info.host], ['9.9.9', 'web']);
    await client.invoke('settings:set', { packDir: TINY_PACK, threads: 1 });
    await assert.rejects(client.invoke('settings:set', { theme: 'neon' as 'dark' }), { code: 'INVALID_REQUEST' });

    const photos = join(dir, 'photos');
    mkdirSync(photos);
    await writePhoto(join(photos, 'one.jpg'), 40, 32);
    await writePhoto(join(photos, 'two.png'), 24, 24);
    const added = await client.invoke('files:add', { paths: [photos], recursive: false });
    assert.deepEqual(
      added.files.map((f) => f.name),
      ['one.jpg', 'two.png'],
    );

    const progress: ScaleProgress[] = [];
    const offProgress = client.on('restore:progress', (p) => progress.push(p));
    const done = new Promise<{ jobId: string; output: string }>((resolve) => client.on('restore:done', resolve));
    const { jobId } = await client.invoke('restore:start', { path: join(photos, 'one.jpg') });
    const result = await done;
    offProgress();
    assert.equal(result.jobId, jobId);
    assert.equal(result.output, join(photos, 'one-dvar-x4.png'));
    assert.ok(progress.length >= 10 && progress.every((p) => p.jobId === jobId && eventSchemas['restore:progress'].safeParse(p).success));
    assert.ok(progress.every((p) => p.preview?.startsWith('data:image/png;base64,')));
    assert.equal(progress.at(-1)!.progress, 1);

    // The output and the original are servable now; thumbnails come from the cache.
    const output = await get(`/image?path=${encodeURIComponent(result.output)}&token=${web.token}`);
    assert.equal(output.status, 200);
    assert.equal(output.headers['content-type'], 'image/png');
    assert.equal(
      (await get(`/image?path=${encodeURIComponent(result.output)}&token=${web.token}`, { 'if-none-match': String(output.headers.etag) })).status,
      304,
    );
    const { url } = await client.invoke('files:image-url', { path: join(photos, 'one.jpg') });
    const original = await get(url);
    assert.equal(original.headers['content-type'], 'image/png', 'the JPEG is re-encoded, never its own bytes');
    assert.equal(original.body.subarray(1, 4).toString(), 'PNG');
    const thumb = await client.invoke('files:thumbnail', { path: join(photos, 'two.png'), maxSide: 64 });
    const thumbnail = await get(thumb.url);
    assert.deepEqual([thumbnail.status, thumbnail.headers['content-type']], [200, 'image/webp']);

    // A queue run drives queue:changed events to the end.
    const finished = new Promise<void>((resolve) =>
      client.on('queue:changed', (q) => !q.running && q.items.length > 0 && q.items.every((i) => i.status === 'done') && resolve()),
    );
    await client.invoke('queue:add', { paths: [join(photos, 'two.png')], recursive: false });
    await client.invoke('queue:start', {});
    await finished;
  } finally {
    client.close();
  }
});

test('HTTP serves the renderer and seen photos only; foreign hosts and origins are refused', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY, 'the renderer policy, as Electron sends it');
  assert.match(page.body.toString(), /DVAR Studio/);
  assert.ok(page.body.toString().includes(`<meta name="dvar-session-token" content="${web.token}">`), 'the page carries the token');
  assert.equal((await get('/compare/123')).status, 200); // app route → index.html
  assert.equal((await get('/assets/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal((await get('/assets/../../data/config.json')).status, 404);
  assert.equal((await get('/%2e%2e/data/config.json')).status, 404);
  assert.equal((await get(`/image?path=${encodeURIComponent(join(dir, 'data', 'config.json'))}&token=${web.token}`)).status, 404);
  assert.equal((await get(`/image?path=/etc/passwd&token=${web.token}`)).status, 404);
  assert.equal((await get(`/thumb?file=../config.json&token=${web.token}`)).status, 404);
  assert.equal((await get('/image?path=/etc/passwd')).status, 401);
  assert.equal((await get('/', { cookie: '' })).status, 401, 'no page without the cookie of the printed address');
  assert.equal((await get('/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })).status, 403, 'other sites cannot navigate here');
  assert.equal((await get('/', { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' })).status, 403, 'nor another port of 127.0.0.1');
  assert.equal((await get('/', { host: 'evil.example:80' })).status, 403); // DNS rebinding

  const refused = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`, { origin: 'https://evil.example' });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
    ws.on('open', () => resolve(101));
    ws.on('error', () => undefined);
  });
  assert.equal(refused, 403);

  const raw = new WebSocket(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`, { origin });
  const reply = await new Promise<unknown>((resolve) => {
    raw.on('open', () => raw.send('not json'));
    raw.on('message', (data) => {
      const message = serverMessage(data);
      if ('ok' in message) resolve(message);
    });
  });
  raw.close();
  assert.deepEqual(reply, {
    id: null,
    ok: false,
    error: { message: 'A request must be a JSON text message {id, channel, payload}.', code: 'INVALID_REQUEST' },
  });
});

test('bound beyond localhost, the page is admitted the same way: the printed address once, then its cookie', async () => {
  // 127.0.0.2 is loopback on Linux, but not a name the host treats as local: it behaves as on a LAN.
  const guarded = await startWebHost({ dataDir: join(dir, 'data-token'), port: 0, rendererDir, token: 's3cret', bindAddress: '127.0.0.2' });
  try {
    const base = `http://127.0.0.2:${guarded.port}`;
    assert.match(guarded.url, new RegExp(`^${base}/\\?key=[A-Za-z0-9_-]{32,}$`));
    assert.equal((await fetch(`${base}/`)).status, 401);
    assert.equal((await fetch(`${base}/?token=s3cret`)).status, 401, 'the session token does not admit to the page');
    const first = await openOwnPage(guarded.url);
    assert.equal(first.status, 200);
    assert.equal(first.token, 's3cret');
    const cookie = first.cookie;
    assert.equal((await fetch(`${base}/`, { headers: { cookie } })).status, 200);
    const opens = (query: string) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.2:${guarded.port}/ws${query}`, { headers: { cookie } });
        ws.on('open', () => (ws.close(), resolve(true)));
        ws.on('error', () => resolve(false));
      });
    assert.equal(await opens(''), false, 'the cookie alone does not open /ws');
    assert.equal(await opens('?token=s3cret'), true);
  } finally {
    await guarded.close();
  }
});
