// Old browser uploads go away (electron/web-host/upload-pruning.ts): only the copies a page sent,
// named in their folder's ledger, and only in folders older than the retention; results beside them,
// this start's folder, recent folders and folders from before the ledger are left as they are.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pruneOldUploads, recordUpload, UPLOAD_LEDGER } from '../../electron/web-host/upload-pruning.ts';
import { startWebHost } from '../../electron/web-host/server.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('upload-pruning');
after(cleanup);

const NOW = new Date('2026-11-29T12:00:00Z');

async function session(root: string, name: string, uploads: string[], others: string[]): Promise<string> {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  for (const file of [...uploads, ...others]) writeFileSync(join(folder, file), file);
  for (const file of uploads) await recordUpload(folder, file);
  return folder;
}

test('copies in folders past the retention go, results and everything newer stay', async () => {
  const root = join(dir, 'uploads');
  const old = await session(root, '2026-10-01-aa11', ['beach.jpg', 'beach (2).jpg'], ['beach_x4.png']);
  writeFileSync(join(old, '.upload-0123abcd.part'), 'cut off');
  const onlyUploads = await session(root, '2026-09-15-bb22', ['dog.png'], []);
  const recent = await session(root, '2026-11-20-cc33', ['cat.jpg'], []);
  const current = await session(root, '2026-10-02-dd44', ['mine.jpg'], []); // this start's, whatever its date
  const legacy = await session(root, '2026-08-01-ee55', [], ['old.jpg', 'old_x4.png']); // no ledger
  mkdirSync(join(root, 'not-a-session'));

  const report = await pruneOldUploads(root, current, NOW, 30);
  assert.deepEqual(report, { removedFiles: 3, removedFolders: 1 });
  assert.deepEqual(readdirSync(old), ['beach_x4.png']);
  assert.equal(existsSync(onlyUploads), false);
  assert.deepEqual(readdirSync(recent).sort(), [UPLOAD_LEDGER, 'cat.jpg']);
  assert.deepEqual(readdirSync(current).sort(), [UPLOAD_LEDGER, 'mine.jpg']);
  assert.deepEqual(readdirSync(legacy).sort(), ['old.jpg', 'old_x4.png']);
  assert.ok(existsSync(join(root, 'not-a-session')));
  // Run again: nothing left to do, nothing else touched.
  assert.deepEqual(await pruneOldUploads(root, current, NOW, 30), { removedFiles: 0, removedFolders: 0 });
});

test('a folder is kept until the whole retention has passed since its day', async () => {
  const root = join(dir, 'edge');
  const folder = await session(root, '2026-10-29-ab12', ['a.jpg'], []);
  assert.equal((await pruneOldUploads(root, '', new Date('2026-11-29T23:59:59Z'), 31)).removedFiles, 0);
  assert.equal((await pruneOldUploads(root, '', new Date('2026-11-29T00:00:00Z'), 30)).removedFiles, 1);
  assert.equal(existsSync(folder), false);
});

test('a ledger line that names anything but a file of its folder is ignored', async () => {
  const root = join(dir, 'hostile');
  const outside = join(dir, 'keep-me.txt');
  writeFileSync(outside, 'x');
  const folder = await session(root, '2026-01-01-ff00', [], ['result.png']);
  writeFileSync(join(folder, UPLOAD_LEDGER), `../../keep-me.txt\n..\\keep-me.txt\n${UPLOAD_LEDGER}\nmissing.jpg\n`);
  assert.deepEqual(await pruneOldUploads(root, '', NOW, 30), { removedFiles: 0, removedFolders: 0 });
  assert.ok(existsSync(outside));
  assert.deepEqual(readdirSync(folder), ['result.png']);
});

test('no uploads folder yet is not an error', async () => {
  assert.deepEqual(await pruneOldUploads(join(dir, 'none'), '', NOW), { removedFiles: 0, removedFolders: 0 });
});

test('the web host prunes old uploads when it starts, and logs what it removed', async () => {
  const dataDir = join(dir, 'host-data');
  const old = await session(join(dataDir, 'uploads'), '2020-01-01-abc123', ['sent.jpg'], ['sent_x4.png']);
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>DVAR Studio</title>');
  const lines: string[] = [];
  const web = await startWebHost({ dataDir, port: 0, rendererDir, log: (_level, message) => lines.push(message) });
  await web.close();
  assert.deepEqual(readdirSync(old), ['sent_x4.png']);
  assert.ok(
    lines.some((l) => l.startsWith('Removed 1 uploaded copy older than 30 days')),
    lines.join('\n'),
  );
});
