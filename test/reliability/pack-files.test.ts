// A model pack folder is untrusted input: every file the app reads from it (manifest.json, card.md,
// graphs) must be a regular file inside the pack folder, of bounded size, read without ever blocking.
// A symlinked card.md would otherwise hand any text file to the page, and a FIFO would hang file I/O.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, cpSync, openSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PacksService } from '../../electron/app/packs-service.ts';
import { loadPack } from '../../electron/engine/pack/load-pack.ts';
import { createMemoryStore } from '../helpers/memory-store.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('pack-files');
const fifos: string[] = [];
test.after(() => {
  // Old code left a thread blocked opening a FIFO: a writer that opens and closes it lets it go.
  for (const fifo of fifos) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // nobody was waiting on it
    }
  }
  cleanup();
});

const SECRET = 'root:x:0:0:the secret text of another file\n';
const secretFile = join(dir, 'secret.txt');
writeFileSync(secretFile, SECRET);

let copies = 0;
function copyPack(): string {
  const to = join(dir, `pack-${++copies}`);
  cpSync(TINY_PACK, to, { recursive: true });
  return to;
}

const packs = () => new PacksService(createMemoryStore(), join(dir, 'no-bundled', 'default'), join(dir, 'no-docs'), () => {});

/** Rejects when `work` has not settled after `ms`: the old code hung forever on a FIFO. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms).unref())]);
}

const ONE_SENTENCE = /^[^\n]+\.$/;

async function refused(work: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(within(5000, work), (error: Error) => {
    assert.match(error.message, pattern);
    assert.match(error.message, ONE_SENTENCE);
    assert.ok(!error.message.includes('secret text'), 'the refusal never quotes the file');
    return true;
  });
}

test('a card.md that links to a file outside the pack is refused, and its text never reaches the reply', async () => {
  const pack = copyPack();
  symlinkSync(secretFile, join(pack, 'card.md'));
  await refused(packs().import(pack), /card\.md of model pack .* is a link to .*secret\.txt, outside the pack folder/);
});

test('a card.md that links to another file inside the pack is read', async () => {
  const pack = copyPack();
  writeFileSync(join(pack, 'README.md'), '# Tiny\n');
  symlinkSync('README.md', join(pack, 'card.md'));
  assert.equal((await packs().import(pack)).card, '# Tiny\n');
});

test('a FIFO as card.md is refused at once instead of blocking file I/O', { skip: process.platform === 'win32' && 'no FIFOs' }, async () => {
  const pack = copyPack();
  const fifo = join(pack, 'card.md');
  execFileSync('mkfifo', [fifo]);
  fifos.push(fifo);
  // More imports than libuv has threads: with blocking opens, all file I/O of the process would stop.
  const service = packs();
  const tries = Array.from({ length: 6 }, () => refused(service.import(pack), /card\.md of model pack .* is a FIFO \(named pipe\), not a regular file/));
  await Promise.all(tries);
});

test('a FIFO as manifest.json is refused at once too', { skip: process.platform === 'win32' && 'no FIFOs' }, async () => {
  const pack = copyPack();
  const fifo = join(pack, 'manifest.json');
  renameSync(fifo, join(pack, 'manifest.json.real'));
  execFileSync('mkfifo', [fifo]);
  fifos.push(fifo);
  await refused(loadPack(pack), /manifest\.json of model pack .* is a FIFO/);
});

test('a card.md larger than 256 KiB is refused', async () => {
  const pack = copyPack();
  writeFileSync(join(pack, 'card.md'), '#'.repeat(256 * 1024 + 1));
  await refused(packs().import(pack), /card\.md of model pack .* is 262,145 bytes, more than the 256 KiB/);
});

test('a card.md of exactly 256 KiB is read', async () => {
  const pack = copyPack();
  writeFileSync(join(pack, 'card.md'), '#'.repeat(256 * 1024));
  assert.equal((await packs().import(pack)).card?.length, 256 * 1024);
});

test('a graph that links to an identical file outside the pack is refused', async () => {
  const pack = copyPack();
  const outside = join(dir, 'decoder-outside.onnx');
  const { manifest } = await loadPack(pack);
  const graph = manifest.graphs.decoder.file;
  renameSync(join(pack, graph), outside);
  symlinkSync(outside, join(pack, graph));
  await refused(loadPack(pack), new RegExp(`${graph.replace('.', '\\.')} of model pack .* is a link to .*decoder-outside\\.onnx, outside the pack folder`));
});
