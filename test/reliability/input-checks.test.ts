// Odd inputs are caught where the user first sees them, in one sentence: a JPEG cut short is refused
// when added (not listed as ready to fail later), an animated GIF is accepted with a warning that only
// its first frame is restored (app card and CLI), the same photo named twice by different paths is
// restored once, and a folder at the output's name is said to be a folder, never skipped or replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import type { AppHost } from '../../electron/app/host.ts';
import { collectInputs } from '../../electron/jobs/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { tinyHostSession } from '../app/host-helpers.ts';
import { assertOneSentence, dvar, listing, noiseRgb, ourLines, sha256, TINY } from './cli-harness.ts';

let host: AppHost;
const dir = tinyHostSession('input-checks', (opened) => (host = opened));

let rows = 0;
function rowFolder(): string {
  const row = join(dir, `row-${++rows}`);
  mkdirSync(row, { recursive: true });
  return row;
}

async function jpeg(path: string, width = 64, height = 48): Promise<string> {
  await sharp(noiseRgb(width, height), { raw: { width, height, channels: 3 } })
    .jpeg()
    .toFile(path);
  return path;
}

async function animatedGif(path: string): Promise<string> {
  await sharp(noiseRgb(20, 36), { raw: { width: 20, height: 36, channels: 3, pageHeight: 12 } })
    .gif()
    .toFile(path);
  return path;
}

const add = async (paths: string[]) => await host.handle('files:add', { paths, recursive: false });

test('files:add refuses a truncated JPEG with one sentence instead of listing it', async () => {
  const cut = await jpeg(join(rowFolder(), 'cut.jpg'));
  truncateSync(cut, readFileSync(cut).length >> 1);
  const added = await add([cut]);
  assert.deepEqual(added.files, []);
  assert.deepEqual(added.errors, [`${cut} is damaged or truncated (its JPEG data ends early), so it cannot be restored.`]);
  assertOneSentence(added.errors[0]!);
  assert.equal(host.canServe(cut), false);
});

test('files:add accepts a whole JPEG, also one with data appended after its end (as some phones write)', async () => {
  const row = rowFolder();
  const whole = await jpeg(join(row, 'whole.jpg'));
  const trailer = join(row, 'motion.jpg');
  writeFileSync(trailer, Buffer.concat([readFileSync(whole), Buffer.from('....ftypmp42 a short video follows')]));
  const added = await add([whole, trailer]);
  assert.deepEqual(added.errors, []);
  assert.deepEqual(
    added.files.map((f) => f.name),
    ['whole.jpg', 'motion.jpg'],
  );
  assert.equal(added.files[0]!.warning, undefined);
});

test('files:add accepts an animated GIF with a warning for its card: only the first frame is restored', async () => {
  const gif = await animatedGif(join(rowFolder(), 'anim.gif'));
  const added = await add([gif]);
  assert.deepEqual(added.errors, []);
  assert.equal(added.files[0]?.warning, 'anim.gif is an animation of 3 frames; only the first frame is restored.');
  assert.deepEqual([added.files[0]?.width, added.files[0]?.height], [20, 12]);
});

test('the same photo named by two paths (in/valid.jpg and in/../in/valid.jpg) is collected once', async () => {
  const row = rowFolder();
  mkdirSync(join(row, 'in'));
  await jpeg(join(row, 'in', 'valid.jpg'));
  const direct = join(row, 'in', 'valid.jpg');
  const roundabout = `${join(row, 'in')}/../in/valid.jpg`;
  const { files } = await collectInputs([direct, roundabout, join(row, 'in'), `${row}/./in/`], { recursive: false });
  assert.deepEqual(
    files.map((f) => f.path),
    [direct],
  );
  assert.deepEqual((await add([direct, roundabout])).files.length, 1);
});

test('dvar in/valid.jpg in/../in/valid.jpg restores the photo once', async () => {
  const row = rowFolder();
  mkdirSync(join(row, 'in'));
  mkdirSync(join(row, 'out'));
  await jpeg(join(row, 'in', 'valid.jpg'), 12, 8);
  const rel = relative(REPO_ROOT, join(row, 'in'));
  const r = await dvar([...TINY, '-o', join(row, 'out'), `${rel}/valid.jpg`, `${rel}/../in/valid.jpg`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(ourLines(r.stdout).length, 1, r.stdout);
  assert.match(ourLines(r.stderr).at(-1)!, /^Done: 1 restored in [\d.]+ s\.$/);
  assert.deepEqual(listing(join(row, 'out')), ['valid-dvar-x4.png']);
});

for (const overwrite of [false, true]) {
  test(`a folder at the output's name is called a folder${overwrite ? ', and --overwrite leaves it alone' : ''}`, async () => {
    const row = rowFolder();
    const input = await jpeg(join(row, 'photo.jpg'), 12, 8);
    const folder = join(row, 'photo-dvar-x4.png');
    mkdirSync(folder);
    writeFileSync(join(folder, 'keep.txt'), 'mine');
    const hash = sha256(input);
    const r = await dvar([...TINY, ...(overwrite ? ['--overwrite'] : []), input]);
    assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
    const line = ourLines(r.stderr).find((l) => l.startsWith('[1/1] '));
    assert.equal(line, `[1/1] ${folder} is a folder, and a folder is never replaced by a result; choose another output name or folder.`);
    assertOneSentence(line);
    assert.deepEqual(listing(folder), ['keep.txt']);
    assert.deepEqual(listing(row), ['photo-dvar-x4.png', 'photo.jpg'], 'no temp file left');
    assert.equal(sha256(input), hash);
  });
}

test('dvar says that an animated GIF gives its first frame only', async () => {
  const row = rowFolder();
  const gif = await animatedGif(join(row, 'anim.gif'));
  const r = await dvar([...TINY, gif]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(ourLines(r.stderr).includes(`${gif} is an animation of 3 frames; only the first frame is restored.`), r.stderr);
});
