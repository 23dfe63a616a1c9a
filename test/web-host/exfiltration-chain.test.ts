// The exfiltration chain, link by link, against the web host in this process: an SVG with a
// script sits in a photo folder; a foreign web page navigates the browser to its /image URL; the SVG,
// if it ran as the app, would open /ws, queue:add a secret file and fetch it through /image. Each link
// must hold on its own, so each is asserted with the attacker's best headers (same origin, and even
// with a valid token where the attacker could not have one). test/e2e/exfiltration.test.ts replays
// the whole chain in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { QueueState } from '../../electron/ipc/contract.ts';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { openOwnPage } from '../helpers/own-page.ts';
import { serverMessage } from '../helpers/ws-message.ts';

const { dir, cleanup } = makeTempDir('exfil');
const rendererDir = join(dir, 'renderer');
const photos = join(dir, 'photos');
const secret = join(dir, 'secret.txt');
const evil = join(photos, 'evil.svg');
const SECRET_TEXT = 'TOP SECRET: the launch code is 0000';
const EVIL_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="red"/><script>fetch('/image?path=${encodeURIComponent(secret)}')</script></svg>`;

let web: WebHost;
let origin: string;
let token: string | undefined;

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(`${origin}${path}`, headers);

/** What a page's script can do with a WebSocket: open it (with its Origin) and send one request. */
function wsRequest(
  url: string,
  channel: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<{ opened: false } | { opened: true; reply: { ok: boolean; result?: unknown; error?: { message: string; code: string } } }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin, headers });
    ws.on('unexpected-response', () => resolve({ opened: false }));
    ws.on('error', () => resolve({ opened: false }));
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, channel, payload })));
    ws.on('message', (data) => {
      const message = serverMessage(data);
      if (!('id' in message) || message.id !== 1) return; // an event
      ws.close();
      resolve({ opened: true, reply: message });
    });
  });
}

const withToken = (path: string) => (token ? `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : path);
const imagePath = (file: string) => `/image?path=${encodeURIComponent(file)}`;
/** What Chromium sends when another site sets `location` to one of our URLs. */
const FOREIGN_NAVIGATION = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', 'sec-fetch-user': '?1' };
/** What Chromium sends for a fetch() made by a page of our own origin (the SVG's script, if it ran). */
const SAME_ORIGIN_FETCH = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };

test.before(async () => {
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>DVAR Studio</title></head><body></body></html>');
  mkdirSync(photos);
  await writePhoto(join(photos, 'beach.jpg'), 16, 12);
  writeFileSync(evil, EVIL_SVG);
  writeFileSync(secret, SECRET_TEXT);
  web = await startWebHost({ dataDir: join(dir, 'data'), port: 0, rendererDir });
  origin = `http://127.0.0.1:${web.port}`;
  // The app's own page, opened by the printed address, carries the session token.
  token = (await openOwnPage(web.url)).token ?? undefined;

  // Step 1: the user opens every file of the folder (a drop of all of them); the host probes each.
  const opened = await wsRequest(withToken(`ws://127.0.0.1:${web.port}/ws`), 'files:add', { paths: [join(photos, 'beach.jpg'), evil], recursive: false });
  assert.ok(opened.opened && opened.reply.ok, 'the app itself can talk to its host');
});
test.after(async () => {
  await web.close();
  cleanup();
});

test('link 1: an SVG never becomes servable (files:add names it as no photo)', async () => {
  const minted = await wsRequest(withToken(`ws://127.0.0.1:${web.port}/ws`), 'files:image-url', { path: evil });
  assert.ok(minted.opened);
  assert.equal(minted.reply.ok, false, 'no image URL is minted for the SVG');
  assert.equal(web.host.canServe(evil), false);
});

test('link 2: a foreign site navigating to the image URL gets no SVG and no photo', async () => {
  for (const file of [evil, join(photos, 'beach.jpg')]) {
    const reply = await get(imagePath(file), FOREIGN_NAVIGATION);
    assert.notEqual(reply.status, 200, `${file} is not served to a foreign navigation`);
    assert.doesNotMatch(String(reply.headers['content-type']), /svg|html|xml/);
    assert.doesNotMatch(reply.body.toString(), /<script/);
  }
  // Even with the token and from our own origin, the SVG is never handed out.
  const own = await get(withToken(imagePath(evil)), SAME_ORIGIN_FETCH);
  assert.notEqual(own.status, 200);
  assert.doesNotMatch(String(own.headers['content-type']), /svg|html|xml/);
});

test('link 3: a script without the session token cannot open /ws, even from our own origin', async () => {
  const attempt = await wsRequest(`ws://127.0.0.1:${web.port}/ws`, 'queue:add', { paths: [secret], recursive: false }, SAME_ORIGIN_FETCH);
  assert.equal(attempt.opened, false, 'the WebSocket upgrade is refused without the token');
  const guessed = await wsRequest(`ws://127.0.0.1:${web.port}/ws?token=guess`, 'queue:add', { paths: [secret], recursive: false });
  assert.equal(guessed.opened, false, 'and with a wrong one');
});

test('link 4: queue:add of a file that is no photo only gets a rejected row with one sentence, and it is never served', async () => {
  const attempt = await wsRequest(withToken(`ws://127.0.0.1:${web.port}/ws`), 'queue:add', { paths: [secret], recursive: false });
  assert.ok(attempt.opened);
  assert.equal(attempt.reply.ok, true);
  const row = (attempt.reply.result as QueueState).items.find((item) => item.input === secret)!;
  assert.equal(row.status, 'rejected', 'the secret file is not queued to run');
  assert.match(row.error!, /^[^\n]*secret\.txt[^\n]*\.$/, 'one sentence naming the file');
  assert.equal(web.host.canServe(secret), false);
});

test('link 5: /image never returns a file that is not a decoded photo, nor anything without the token', async () => {
  for (const headers of [{}, SAME_ORIGIN_FETCH]) {
    for (const path of [imagePath(secret), withToken(imagePath(secret))]) {
      const reply = await get(path, headers);
      assert.notEqual(reply.status, 200, path);
      assert.ok(!reply.body.toString().includes(SECRET_TEXT), 'the secret never leaves');
    }
  }
  assert.equal((await get(imagePath(join(photos, 'beach.jpg')), SAME_ORIGIN_FETCH)).status, 401, 'a photo needs the token too');
});

test('a photo the user opened is served as a re-encoded raster with our own headers', async () => {
  const reply = await get(withToken(imagePath(join(photos, 'beach.jpg'))), {
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'no-cors',
    'sec-fetch-dest': 'image',
  });
  assert.equal(reply.status, 200);
  assert.equal(reply.headers['content-type'], 'image/png', 're-encoded, not the JPEG bytes');
  assert.equal(reply.body.subarray(1, 4).toString(), 'PNG');
  assert.equal(reply.headers['x-content-type-options'], 'nosniff');
  assert.equal(reply.headers['content-security-policy'], "sandbox; default-src 'none'");
  assert.equal(reply.headers['cross-origin-resource-policy'], 'same-origin');
});
