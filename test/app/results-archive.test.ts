// Download all's archive of the queue's results (electron/app/results-archive.ts) and the desktop's
// save of it (save-results.ts): which results (done and skipped, each once), their names inside the
// zip (subfolders kept, so two photos called the same never collide), each file checked as it is read
// (a result swapped for a link or for text is left out), and the zip written whole where the user chose.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { QueueItem } from '../../electron/ipc/contract.ts';
import { archiveFileName, archiveNames, finishedResults, resultsArchive } from '../../electron/app/results-archive.ts';
import { saveResultsArchive, type SaveResultsDeps } from '../../electron/app/save-results.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { PYTHON, readZip, unzipTest } from '../helpers/read-zip.ts';

const { dir, cleanup } = makeTempDir('results-archive');
after(cleanup);
const skip = PYTHON ? false : 'No Python to read the zips back with.';
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const row = (status: QueueItem['status'], output: string | null): Pick<QueueItem, 'status' | 'output'> => ({ status, output });

test('the finished results are the outputs of done and skipped photos, each once, in queue order', () => {
  const items = [
    row('done', '/o/b.png'),
    row('failed', '/o/f.png'),
    row('skipped', '/o/a.png'),
    row('pending', '/o/p.png'),
    row('done', '/o/b.png'),
    row('cancelled', '/o/c.png'),
    row('done', null),
  ];
  assert.deepEqual(finishedResults(items), ['/o/b.png', '/o/a.png']);
});

test('names keep the subfolders that tell results apart, relative to the output folder when all are in it', () => {
  // Inside the output folder: relative to it, subfolders kept even when every result shares one.
  assert.deepEqual(archiveNames(['/out/2019/a-dvar-x4.png', '/out/2019/b-dvar-x4.png'], '/out'), ['2019/a-dvar-x4.png', '2019/b-dvar-x4.png']);
  // Next to each photo: relative to the deepest folder they share, so the same name in two folders stays two.
  assert.deepEqual(archiveNames(['/photos/2019/a-dvar-x4.png', '/photos/2020/a-dvar-x4.png'], null), ['2019/a-dvar-x4.png', '2020/a-dvar-x4.png']);
  assert.deepEqual(archiveNames(['/photos/trip/a-dvar-x4.png'], null), ['a-dvar-x4.png']);
  // Some outside the output folder (it changed since): the shared folder of all of them.
  assert.deepEqual(archiveNames(['/out/a-dvar-x4.png', '/photos/a-dvar-x4.png'], '/out'), ['out/a-dvar-x4.png', 'photos/a-dvar-x4.png']);
  // Names that differ only in case would collide when unpacked on Windows or macOS.
  assert.deepEqual(archiveNames(['/o/A-dvar-x4.png', '/o/a-dvar-x4.png', '/o/a-dvar-x4-2.png'], '/o'), [
    'A-dvar-x4.png',
    'a-dvar-x4-2.png',
    'a-dvar-x4-2-2.png',
  ]);
  assert.match(archiveFileName(new Date(2026, 0, 31)), /^dvar-results-2026-01-31\.zip$/);
});

/** Two photos called the same in two folders, restored next to themselves. */
async function twoResults(name: string): Promise<string[]> {
  const results = [join(dir, name, '2019', 'harbour-dvar-x4.png'), join(dir, name, '2020', 'harbour-dvar-x4.png')];
  for (const [i, path] of results.entries()) {
    mkdirSync(join(path, '..'), { recursive: true });
    await writePhoto(path, 24 + i, 16);
  }
  return results;
}

async function zipOf(paths: string[], outputDir: string | null, file: string, leftOut: string[] = []): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of resultsArchive(paths, outputDir, { onLeftOut: (path) => leftOut.push(path) })) chunks.push(chunk);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

test('the archive holds each result’s own bytes under its subfolder, read back by zipfile and unzip', { skip }, async () => {
  const results = await twoResults('clash');
  const zip = await zipOf(results, null, join(dir, 'clash.zip'));
  const entries = readZip(zip);
  assert.deepEqual(
    entries.map((e) => e.name),
    ['2019/harbour-dvar-x4.png', '2020/harbour-dvar-x4.png'],
  );
  assert.deepEqual(
    entries.map((e) => e.sha256),
    results.map(sha256),
  );
  assert.deepEqual(
    entries.map((e) => e.method),
    [0, 0],
    'stored',
  );
  const unzip = unzipTest(zip);
  if (unzip) assert.ok(unzip.ok, unzip.output);
});

test('a result swapped for a link to a secret, or for text, is left out and named', { skip }, async () => {
  const results = [...(await twoResults('swapped')), join(dir, 'swapped', 'kept-dvar-x4.png')];
  await writePhoto(results[2]!, 8, 8);
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'the secret\n');
  rmSync(results[0]!);
  symlinkSync(secret, results[0]!);
  writeFileSync(results[1]!, 'now text, not a photo\n');
  const leftOut: string[] = [];
  const zip = await zipOf(results, null, join(dir, 'swapped.zip'), leftOut);
  assert.deepEqual(
    readZip(zip).map((e) => e.name),
    ['kept-dvar-x4.png'],
  );
  assert.deepEqual(leftOut, results.slice(0, 2));
  assert.ok(!readFileSync(zip).includes('the secret'));
});

test('the desktop save writes the zip whole where the dialog said, and refuses what it must not replace', { skip }, async () => {
  const results = await twoResults('save');
  const logs: string[] = [];
  const target = join(dir, 'save', 'chosen.zip');
  let suggested = '';
  const deps = (over: Partial<SaveResultsDeps> = {}): SaveResultsDeps => ({
    results: () => ({ paths: results, outputDir: null }),
    canServe: (path) => results.includes(path),
    chooseFile: async (name) => ((suggested = name), target),
    log: (level, message) => logs.push(`${level} ${message}`),
    ...over,
  });
  assert.deepEqual(await saveResultsArchive(deps()), { path: target, files: 2, leftOut: [] });
  assert.match(suggested, /^dvar-results-\d{4}-\d\d-\d\d\.zip$/);
  assert.deepEqual(
    readZip(target).map((e) => e.sha256),
    results.map(sha256),
  );
  assert.deepEqual(readdirSync(join(dir, 'save')).sort(), ['2019', '2020', 'chosen.zip'], 'no temp file left beside it');

  assert.deepEqual(await saveResultsArchive(deps({ chooseFile: async () => null })), { path: null, files: 0, leftOut: [] }, 'cancelled');
  const before = sha256(results[0]!);
  await assert.rejects(saveResultsArchive(deps({ chooseFile: async () => results[0]! })), /is one of your photos or results; choose another name/);
  assert.equal(sha256(results[0]!), before, 'the result is as it was');
  await assert.rejects(saveResultsArchive(deps({ chooseFile: undefined })), /needs the desktop app/);
  await assert.rejects(saveResultsArchive(deps({ results: () => ({ paths: [], outputDir: null }) })), /No photo in the queue has a finished result yet/);
});
