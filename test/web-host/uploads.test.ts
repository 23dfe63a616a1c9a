// The web host's upload and download routes (electron/web-host/uploads.ts, server.ts) against what a
// hostile page or program might send: no token, another site, a form POST, a non-photo, a truncated
// photo, an oversize body, a name that climbs out of the folder or replaces a file. Accepted photos land
// in the session's upload folder under a sanitised, never-overwriting name, and can be downloaded back.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { safeUploadName } from '../../electron/web-host/uploads.ts';
import { UPLOAD_LEDGER } from '../../electron/web-host/upload-pruning.ts';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { rawRequest } from '../helpers/raw-request.ts';

const MAX = 64 * 1024;
const { dir, cleanup } = makeTempDir('web-host-uploads');
const dataDir = join(dir, 'data');
let web: WebHost;
let origin: string;
let jpeg: Buffer;

before(async () => {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>DVAR Studio</title>');
  web = await startWebHost({ dataDir, port: 0, rendererDir, maxUploadBytes: MAX });
  origin = `http://127.0.0.1:${web.port}`;
  const photo = join(dir, 'seed.jpg');
  await writePhoto(photo, 48, 32);
  jpeg = readFileSync(photo);
});
after(async () => {
  await web.close();
  cleanup();
});

const OWN_PAGE = { 'content-type': 'application/octet-stream', 'sec-fetch-site': 'same-origin' };

function upload(name: string, body: Buffer, headers: Record<string, string> = OWN_PAGE, token: string | null = web.token) {
  const query = `name=${encodeURIComponent(name)}${token === null ? '' : `&token=${token}`}`;
  return rawRequest(`${origin}/upload?${query}`, { ...headers, origin }, 'POST', body);
}

function uploadFolderFiles(): string[] {
  const root = join(dataDir, 'uploads');
  try {
    return readdirSync(root).flatMap((session) => readdirSync(join(root, session)).map((name) => join(root, session, name)));
  } catch {
    return [];
  }
}

test('a photo from our own page is stored in the session upload folder and opened', async () => {
  const reply = await upload('beach.jpg', jpeg);
  assert.equal(reply.status, 200, reply.body.toString());
  const opened = JSON.parse(reply.body.toString()) as { files: Array<{ path: string; name: string; width: number }>; errors: string[] };
  assert.deepEqual(opened.errors, []);
  const [file] = opened.files;
  assert.equal(file?.name, 'beach.jpg');
  assert.equal(file?.width, 48);
  assert.equal(dirname(dirname(file.path)), join(dataDir, 'uploads'), 'inside <data>/uploads/<session>/');
  assert.deepEqual(readFileSync(file.path), jpeg, 'the bytes as sent');
  assert.equal(web.host.canServe(file.path), true, 'the host may show it now');
  assert.ok(!uploadFolderFiles().some((p) => p.endsWith('.part')), 'no temporary file left');
  const ledger = readFileSync(join(dirname(file.path), UPLOAD_LEDGER), 'utf8').split('\n');
  assert.ok(ledger.includes(basename(file.path)), 'named in the ledger, so pruning may remove the copy later');
});

test('the same name twice never replaces the first photo', async () => {
  const other = await sharp(jpeg).flip().jpeg().toBuffer();
  const first = JSON.parse((await upload('twin.jpg', jpeg)).body.toString()).files[0].path as string;
  const second = JSON.parse((await upload('twin.jpg', other)).body.toString()).files[0].path as string;
  assert.notEqual(first, second);
  assert.equal(basename(second), 'twin (2).jpg');
  assert.deepEqual(readFileSync(first), jpeg);
  assert.deepEqual(readFileSync(second), other);
});

test('names that climb out of the folder or hide are sanitised; the extension follows the content', async () => {
  assert.equal(safeUploadName('../../etc/passwd'), 'passwd');
  assert.equal(safeUploadName('..\\..\\Windows\\win.ini'), 'win.ini');
  assert.equal(safeUploadName('.bashrc'), 'bashrc');
  assert.equal(safeUploadName('a<b>:c|d?*.jpg'), 'a_b__c_d__.jpg');
  assert.equal(safeUploadName('été – 北京.jpg'), 'été _ 北京.jpg');
  assert.equal(safeUploadName('CON.jpg'), '_CON.jpg');
  assert.equal(safeUploadName('..'), 'photo');
  assert.ok(safeUploadName(`${'x'.repeat(500)}.jpg`).length <= 120);
  const reply = await upload('../../../escape.png', jpeg);
  assert.equal(reply.status, 200, reply.body.toString());
  const saved = JSON.parse(reply.body.toString()).files[0].path as string;
  assert.equal(basename(saved), 'escape.jpg', 'no folders from the name; JPEG bytes get .jpg');
  assert.equal(dirname(dirname(saved)), join(dataDir, 'uploads'));
});

test('without the session token, nothing is stored', async () => {
  const before = uploadFolderFiles().length;
  const missing = await upload('a.jpg', jpeg, OWN_PAGE, null);
  const wrong = await upload('a.jpg', jpeg, OWN_PAGE, 'not-the-token');
  assert.equal(missing.status, 401);
  assert.equal(wrong.status, 401);
  assert.equal(uploadFolderFiles().length, before);
});

test('another site cannot upload: Fetch Metadata, a foreign Origin and form posts are refused', async () => {
  const before = uploadFolderFiles().length;
  const crossSite = await upload('a.jpg', jpeg, { ...OWN_PAGE, 'sec-fetch-site': 'cross-site' });
  assert.equal(crossSite.status, 403);
  const sameSite = await upload('a.jpg', jpeg, { ...OWN_PAGE, 'sec-fetch-site': 'same-site' });
  assert.equal(sameSite.status, 403);
  const foreign = await rawRequest(
    `${origin}/upload?name=a.jpg&token=${web.token}`,
    { 'content-type': 'application/octet-stream', origin: 'http://evil.example' },
    'POST',
    jpeg,
  );
  assert.equal(foreign.status, 403);
  assert.match(foreign.body.toString(), /only accepts photos from its own page/);
  const form = await upload('a.jpg', jpeg, { 'content-type': 'multipart/form-data; boundary=x' });
  assert.equal(form.status, 415);
  const rebinding = await rawRequest(`${origin}/upload?name=a.jpg&token=${web.token}`, { ...OWN_PAGE, host: `evil.example:${web.port}` }, 'POST', jpeg);
  assert.equal(rebinding.status, 403);
  const get = await rawRequest(`${origin}/upload?name=a.jpg&token=${web.token}`, { 'sec-fetch-site': 'same-origin' });
  assert.equal(get.status, 405);
  assert.equal(uploadFolderFiles().length, before);
});

test('a non-photo, a truncated photo and an empty body are refused with a sentence and leave nothing', async () => {
  const before = uploadFolderFiles().length;
  const html = await upload('page.jpg', Buffer.from('<html><script>alert(1)</script></html>'));
  assert.equal(html.status, 415);
  assert.match(html.body.toString(), /^page\.jpg is not a photo DVAR Studio can read \(use JPEG, PNG, WebP, TIFF, GIF or AVIF\)\./);
  const svg = await upload('pic.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
  assert.equal(svg.status, 415);
  const truncated = await upload('cut.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  assert.equal(truncated.status, 415, 'the header alone is not enough: the photo is decoded in full');
  const empty = await upload('none.jpg', Buffer.alloc(0));
  assert.equal(empty.status, 400);
  assert.match(empty.body.toString(), /is empty/);
  assert.equal(uploadFolderFiles().length, before, 'nothing stored, no temporary file left');
});

test('a body past the size limit is refused, declared or not', async () => {
  const before = uploadFolderFiles().length;
  const big = Buffer.concat([jpeg, Buffer.alloc(MAX)]);
  const declared = await upload('big.jpg', big);
  assert.equal(declared.status, 413);
  assert.match(declared.body.toString(), /big\.jpg is larger than 65536 bytes/);
  // Chunked: no Content-Length, so the host has to count.
  const chunked = await new Promise<number>((resolve, reject) => {
    import('node:http').then(({ request }) => {
      const req = request(
        `${origin}/upload?name=big.jpg&token=${web.token}`,
        { method: 'POST', headers: { ...OWN_PAGE, 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(413) : reject(error)));
      for (let i = 0; i < 4; i++) req.write(big.subarray(i * (big.length / 4), (i + 1) * (big.length / 4)));
      req.end();
    }, reject);
  });
  assert.equal(chunked, 413);
  assert.equal(uploadFolderFiles().length, before);
});

test('downloads: an opened photo comes back as an attachment; anything else is not found; the token is required', async () => {
  const saved = JSON.parse((await upload('keep me.jpg', jpeg)).body.toString()).files[0].path as string;
  const url = `${origin}/download?path=${encodeURIComponent(saved)}`;
  const reply = await rawRequest(`${url}&token=${web.token}`, { 'sec-fetch-site': 'same-origin' });
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.body, jpeg);
  assert.equal(reply.headers['content-type'], 'application/octet-stream');
  assert.match(String(reply.headers['content-disposition']), /^attachment; filename="keep me\.jpg"/);
  assert.equal(reply.headers['x-content-type-options'], 'nosniff');
  assert.equal((await rawRequest(url, { 'sec-fetch-site': 'same-origin' })).status, 401);
  assert.equal((await rawRequest(`${url}&token=${web.token}`, { 'sec-fetch-site': 'cross-site' })).status, 403);
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'secret');
  assert.equal((await rawRequest(`${origin}/download?path=${encodeURIComponent(secret)}&token=${web.token}`)).status, 404);
});
