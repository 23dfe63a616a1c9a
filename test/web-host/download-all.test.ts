// GET /download-all (electron/web-host/download-all.ts): every finished result of the queue as one zip,
// with the guarantees of /download: the session token and our own page's Fetch Metadata, our headers
// (an attachment, nosniff, the sandbox CSP, same-origin CORP), and each file checked when it is read,
// so a result swapped for a link to a secret is left out. The queue is one a host finds at start-up.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import { createMemoryStore } from '../helpers/memory-store.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { PYTHON, readZip } from '../helpers/read-zip.ts';

const { dir, cleanup } = makeTempDir('download-all');
const out = join(dir, 'out');
const photo = (name: string) => join(dir, 'photos', name);
const result = (name: string) => join(out, name);
// Two photos called the same in two subfolders, one skipped (its result was there), one failed whose
// planned name holds an older file, and one that waits: only the first three rows' results are finished.
const rows = [
  { input: photo('2019/pier.jpg'), output: result('2019/pier-dvar-x4.png'), status: 'done' },
  { input: photo('2020/pier.jpg'), output: result('2020/pier-dvar-x4.png'), status: 'done' },
  { input: photo('gull.jpg'), output: result('gull-dvar-x4.png'), status: 'skipped' },
  { input: photo('fog.jpg'), output: result('fog-dvar-x4.png'), status: 'failed' },
  { input: photo('dune.jpg'), output: null, status: 'pending' },
] as const;
let web: WebHost;

before(async () => {
  for (const [i, row] of rows.entries()) {
    mkdirSync(join(row.input, '..'), { recursive: true });
    await writePhoto(row.input, 16 + i, 12);
    if (row.output) {
      mkdirSync(join(row.output, '..'), { recursive: true });
      await writePhoto(row.output, 64 + i, 48);
    }
  }
  const queue = {
    running: false,
    paused: false,
    items: rows.map((row, i) => ({
      id: `row-${i}`,
      ...row,
      progress: row.status === 'done' ? 1 : 0,
      error: row.status === 'failed' ? 'It failed.' : null,
      ms: 10,
      relativeDir: '',
      pixels: null,
    })),
  };
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>DVAR Studio</title>');
  web = await startWebHost({ dataDir: join(dir, 'data'), port: 0, rendererDir, hostOptions: { store: createMemoryStore({ queue }) } });
  await web.host.handle('settings:set', { outputDir: out });
});
after(async () => {
  await web?.close();
  cleanup();
});

const OWN_PAGE = { 'sec-fetch-site': 'same-origin' };
const downloadAll = (headers: Record<string, string> = OWN_PAGE, token: string | null = web.token, method = 'GET') =>
  rawRequest(`http://127.0.0.1:${web.port}/download-all${token === null ? '' : `?token=${token}`}`, headers, method);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test(
  'the zip holds exactly the finished results, byte for byte, under their subfolders, as an attachment',
  { skip: !PYTHON && 'No Python to read the zip with.' },
  async () => {
    const reply = await downloadAll();
    assert.equal(reply.status, 200, reply.body.toString());
    assert.equal(reply.headers['content-type'], 'application/zip');
    assert.match(reply.headers['content-disposition'] ?? '', /^attachment; filename="dvar-results-\d{4}-\d\d-\d\d\.zip"$/);
    assert.equal(reply.headers['x-content-type-options'], 'nosniff');
    assert.equal(reply.headers['content-security-policy'], "sandbox; default-src 'none'");
    assert.equal(reply.headers['cross-origin-resource-policy'], 'same-origin');
    assert.equal(reply.headers['cache-control'], 'no-store');
    const zip = join(dir, 'all.zip');
    writeFileSync(zip, reply.body);
    const entries = readZip(zip);
    assert.deepEqual(
      entries.map((e) => e.name),
      ['2019/pier-dvar-x4.png', '2020/pier-dvar-x4.png', 'gull-dvar-x4.png'],
    );
    assert.deepEqual(
      entries.map((e) => e.sha256),
      rows.slice(0, 3).map((row) => sha256(readFileSync(row.output!))),
    );
    const head = await downloadAll(OWN_PAGE, web.token, 'HEAD');
    assert.deepEqual([head.status, head.body.length], [200, 0]);
  },
);

test('without the token, with another token, from another site, or by POST: refused', async () => {
  assert.equal((await downloadAll(OWN_PAGE, null)).status, 401);
  assert.equal((await downloadAll(OWN_PAGE, 'not-the-token')).status, 401);
  assert.equal((await downloadAll({ 'sec-fetch-site': 'cross-site' })).status, 403);
  assert.equal((await downloadAll({ 'sec-fetch-site': 'same-site' })).status, 403);
  assert.equal((await downloadAll(OWN_PAGE, web.token, 'POST')).status, 405);
});

test('a result swapped for a link to a secret since it was written is left out', { skip: !PYTHON && 'No Python to read the zip with.' }, async () => {
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'the secret text\n');
  rmSync(rows[0].output);
  symlinkSync(secret, rows[0].output);
  const reply = await downloadAll();
  assert.equal(reply.status, 200);
  assert.ok(!reply.body.includes('the secret text'));
  const zip = join(dir, 'swapped.zip');
  writeFileSync(zip, reply.body);
  assert.deepEqual(
    readZip(zip).map((e) => e.name),
    ['2020/pier-dvar-x4.png', 'gull-dvar-x4.png'],
  );
});

test('with no finished result, 404 and a sentence', async () => {
  await web.host.handle('queue:clear-finished', {});
  const reply = await downloadAll();
  assert.equal(reply.status, 404);
  assert.equal(reply.body.toString().trim(), 'No photo in the queue has a finished result yet.');
});
