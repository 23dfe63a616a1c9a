// The reliability table for the web host: every hostile or broken request gets one sentence (or,
// for a frame over the size limit, a closed connection), and the host stays up and answers the next
// request. One row per case; each runs against the same host, which is checked alive after every row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import { makeTempDir } from '../helpers/images.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { serverMessage } from '../helpers/ws-message.ts';

const { dir, cleanup } = makeTempDir('reliability-web');
let web: WebHost;

test.before(async () => {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>DVAR Studio</title></head></html>');
  web = await startWebHost({ dataDir: join(dir, 'data'), port: 0, rendererDir });
});
test.after(async () => {
  await web.close();
  cleanup();
});

const ONE_SENTENCE = /^[A-Z][^\n]*[.;!?]$/;
const wsUrl = (token: string | null = web.token) => `ws://127.0.0.1:${web.port}/ws${token === null ? '' : `?token=${token}`}`;
const ownOrigin = () => `http://127.0.0.1:${web.port}`;

/** An HTTP request with any headers: status and the body's text. */
async function http(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; text: string }> {
  const reply = await rawRequest(`${ownOrigin()}${path}`, headers, method, body);
  return { status: reply.status, text: reply.body.toString('utf8').trim() };
}

/** A WebSocket upgrade: the status it got (101 when it opened) and the refusal's text. */
function upgrade(url: string, headers: Record<string, string>, origin = ownOrigin()): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin, headers });
    ws.on('open', () => (ws.close(), resolve({ status: 101, text: '' })));
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text: text.trim() }));
    });
    ws.on('error', () => undefined);
  });
}

/** Opens a connection, sends `frames`, collects `replies` answers (events are skipped) or the close code. */
function exchange(
  frames: Array<string | Buffer>,
  replies: number,
): Promise<{ answers: Array<{ id: unknown; ok: boolean; error?: { message: string; code: string } }>; closeCode?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(), { origin: ownOrigin() });
    const answers: Array<{ id: unknown; ok: boolean; error?: { message: string; code: string } }> = [];
    ws.on('open', () => frames.forEach((frame) => ws.send(frame, { binary: Buffer.isBuffer(frame) })));
    ws.on('message', (data) => {
      const message = serverMessage(data);
      if ('event' in message) return;
      answers.push(message);
      if (answers.length === replies) {
        ws.close();
        resolve({ answers });
      }
    });
    ws.on('close', (code) => resolve({ answers, closeCode: code }));
    ws.on('error', reject);
  });
}

const frame = (id: number, channel: string, payload: unknown) => JSON.stringify({ id, channel, payload });

async function hostAnswers(): Promise<void> {
  const { answers } = await exchange([frame(1, 'queue:get', {})], 1);
  assert.equal(answers[0]?.ok, true, 'the host still answers');
}

interface Row {
  name: string;
  run(): Promise<void>;
}

const refusedWith = (status: number) => (reply: { status: number; text: string }) => {
  assert.equal(reply.status, status);
  assert.match(reply.text, ONE_SENTENCE);
};
const failedWith = (code: string) => (answer: { ok: boolean; error?: { message: string; code: string } } | undefined) => {
  assert.equal(answer?.ok, false);
  assert.equal(answer.error!.code, code);
  assert.match(answer.error!.message, ONE_SENTENCE);
};

const ROWS: Row[] = [
  { name: 'WebSocket from a foreign Origin', run: async () => refusedWith(403)(await upgrade(wsUrl(), {}, 'https://evil.example')) },
  { name: 'WebSocket without the token', run: async () => refusedWith(403)(await upgrade(wsUrl(null), {})) },
  {
    name: 'WebSocket with a wrong Host (DNS rebinding)',
    run: async () => refusedWith(403)(await upgrade(wsUrl(), { host: 'evil.example' }, 'http://evil.example')),
  },
  { name: 'page with a wrong Host (DNS rebinding)', run: async () => refusedWith(403)(await http('/', { host: 'evil.example:80' })) },
  {
    name: 'cross-site navigation to the page',
    run: async () => refusedWith(403)(await http('/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })),
  },
  { name: '/image without the token', run: async () => refusedWith(401)(await http('/image?path=/etc/passwd', {})) },
  { name: 'POST', run: async () => refusedWith(405)(await http('/', {}, 'POST', 'x')) },
  { name: 'malformed JSON', run: async () => failedWith('INVALID_REQUEST')((await exchange(['{"id": 1, "channel": '], 1)).answers[0]) },
  { name: 'a binary frame', run: async () => failedWith('INVALID_REQUEST')((await exchange([Buffer.from([0, 1, 2])], 1)).answers[0]) },
  {
    name: 'JSON that is no request (an array, a number, no id)',
    run: async () => {
      const { answers } = await exchange(['[1,2]', '42', '{"channel":"queue:get"}'], 3);
      answers.forEach(failedWith('INVALID_REQUEST'));
    },
  },
  {
    name: 'an unknown channel',
    run: async () => failedWith('UNKNOWN_CHANNEL')((await exchange([frame(1, 'fs:read', { path: '/etc/passwd' })], 1)).answers[0]),
  },
  {
    name: 'a payload failing the schema',
    run: async () => failedWith('INVALID_REQUEST')((await exchange([frame(1, 'queue:add', { paths: 'not a list', recursive: 1 })], 1)).answers[0]),
  },
  {
    name: 'a deeply nested payload',
    run: async () => {
      const deep = `{"id":1,"channel":"queue:add","payload":{"paths":${'['.repeat(50_000)}${']'.repeat(50_000)},"recursive":false}}`;
      failedWith('INVALID_REQUEST')((await exchange([deep], 1)).answers[0]);
    },
  },
  {
    name: 'a message over the 1 MiB limit closes that connection only',
    run: async () => {
      const { answers, closeCode } = await exchange([frame(1, 'queue:get', { pad: 'x'.repeat(2 * 1024 * 1024) })], 1);
      assert.deepEqual([answers.length, closeCode], [0, 1009]);
    },
  },
  {
    name: '1,000 rapid requests are all answered',
    run: async () => {
      const { answers } = await exchange(
        Array.from({ length: 1000 }, (_, i) => frame(i, 'queue:get', {})),
        1000,
      );
      assert.equal(answers.length, 1000);
      assert.ok(answers.every((a) => a.ok));
      assert.deepEqual(new Set(answers.map((a) => a.id)).size, 1000);
    },
  },
];

for (const row of ROWS) {
  test(`web host: ${row.name} → one sentence, and the host stays up`, async () => {
    await row.run();
    await hostAnswers();
  });
}
