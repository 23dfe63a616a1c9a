// `--overwrite` replaces earlier outputs only: a photo caught by a shell glob (`dvar --overwrite d/*`,
// where d/a-dvar-x4.png is a real photo) is never overwritten with another photo's result, and a file
// DVAR Studio did not write is never replaced unless the user says --overwrite-any.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDvarOutputFile } from '../../electron/image-files/output-marker.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { assertOneSentence, dvar, ourLines, sha256, TINY } from './cli-harness.ts';

const { dir, cleanup } = makeTempDir('reliability-cli-overwrite');
test.after(cleanup);

let rows = 0;
function folder(): string {
  const path = join(dir, String(++rows));
  mkdirSync(path);
  return path;
}

test('a glob that catches a real photo named like an output: the photo stays intact, and is itself restored', async () => {
  const d = folder();
  const a = join(d, 'a.jpg');
  const photo = join(d, 'a-dvar-x4.png'); // a real photo that happens to carry an output's name
  await writePhoto(a, 12, 8);
  await writePhoto(photo, 10, 6);
  const before = sha256(photo);
  const result = await dvar([...TINY, '--overwrite', a, photo]);
  assert.equal(sha256(photo), before, 'the photo is untouched');
  assert.equal(result.code, 1, result.stderr);
  const refused = ourLines(result.stderr).find((l) => l.includes('also a photo of this run'));
  assert.ok(refused, result.stderr);
  assertOneSentence(refused.replace(/^\[\d+\/\d+\] /, ''));
  // The photo itself was restored from its own pixels (10×6 → 40×24), not from a.jpg's result.
  const output = join(d, 'a-dvar-x4-dvar-x4.png');
  assert.equal(await isDvarOutputFile(output), true, result.stderr);
});

test('--overwrite never replaces a file DVAR Studio did not write; --overwrite-any does; an earlier output is replaced', async () => {
  const d = folder();
  const a = join(d, 'a.jpg');
  await writePhoto(a, 12, 8);
  const target = join(d, 'a-dvar-x4.png');
  await writePhoto(target, 10, 6); // someone's own picture at the output name
  const before = sha256(target);
  const refused = await dvar([...TINY, '--overwrite', a]);
  assert.equal(refused.code, 1, refused.stderr);
  assert.equal(sha256(target), before, 'not replaced even with --overwrite');
  const line = ourLines(refused.stderr).find((l) => l.includes('was not written by DVAR Studio'));
  assert.ok(line?.includes('--overwrite-any'), refused.stderr);

  const text = join(d, 'b-dvar-x4.png');
  writeFileSync(text, 'export PATH=$PATH\n');
  const b = join(d, 'b.jpg');
  await writePhoto(b, 12, 8);
  assert.equal((await dvar([...TINY, '--overwrite', b])).code, 1);
  assert.equal(readFileSync(text, 'utf8'), 'export PATH=$PATH\n');

  const named = await dvar([...TINY, '--overwrite-any', a]);
  assert.equal(named.code, 0, named.stderr);
  assert.equal(await isDvarOutputFile(target), true, 'named: replaced');
  const again = await dvar([...TINY, '--overwrite', a]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /a-dvar-x4\.png in /, 'an earlier output is replaced');
});
