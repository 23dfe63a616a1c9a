// `--pack`: a folder, or a bundled pack's name when the working directory has no folder of that name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePackOption } from '../../electron/cli/pack-option.ts';
import { cliSentence } from '../../electron/cli/error-words.ts';
import type { DvarError } from '../../electron/engine/errors.ts';
import { DEFAULT_PACK_DIR } from '../../electron/engine/bundled-packs.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('pack-option');
test.after(cleanup);

const packs = join(dir, 'app', 'packs');
for (const name of ['default', 'fast']) {
  mkdirSync(join(packs, name), { recursive: true });
  writeFileSync(join(packs, name, 'manifest.json'), '{}');
}
const defaultPack = join(packs, 'default');
const cwd = join(dir, 'work');
mkdirSync(cwd);

test('no --pack: the default pack', () => {
  assert.equal(resolvePackOption(undefined, cwd, defaultPack), defaultPack);
  assert.equal(resolvePackOption(undefined), DEFAULT_PACK_DIR);
});

test('a bundled name is found beside the default pack; a folder of that name here wins', () => {
  assert.equal(resolvePackOption('fast', cwd, defaultPack), join(packs, 'fast'));
  assert.equal(resolvePackOption('default', cwd, defaultPack), defaultPack);
  mkdirSync(join(cwd, 'fast'));
  assert.equal(resolvePackOption('fast', cwd, defaultPack), join(cwd, 'fast'));
});

test('paths stay paths, even missing ones (the engine names what is wrong with them)', () => {
  assert.equal(resolvePackOption('./fast', cwd, defaultPack), join(cwd, 'fast'));
  assert.equal(resolvePackOption('missing/pack', cwd, defaultPack), join(cwd, 'missing', 'pack'));
  assert.equal(resolvePackOption('/abs/pack', cwd, defaultPack), '/abs/pack');
});

test('an unknown name fails with one sentence naming the bundled packs', () => {
  assert.throws(
    () => resolvePackOption('fats', cwd, defaultPack),
    (error: Error & { code: string }) => {
      assert.equal(error.code, 'PACK_MISSING');
      assert.equal(error.message, 'fats is neither a folder here nor a bundled pack.');
      assert.equal(
        cliSentence(error as DvarError),
        "fats is neither a folder here nor a bundled pack; pass --pack with a model pack folder (one that holds manifest.json and its graphs) or a bundled pack's name (default, fast).",
      );
      return true;
    },
  );
});
