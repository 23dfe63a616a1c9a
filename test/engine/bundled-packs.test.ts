// The bundled packs: an explicit list found beside the default pack, default first, the others only
// when installed; bare names versus paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_PACK_NAMES, bundledPackDir, bundledPacks, DEFAULT_PACK_DIR, isBarePackName } from '../../electron/engine/bundled-packs.ts';
import { DEFAULT_PACK_DIR as ENGINE_DEFAULT } from '../../electron/engine/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('bundled-packs');
test.after(cleanup);

/** `<root>/<name>/manifest.json` for each name: all bundledPacks looks for. */
function fakePackRoot(root: string, names: string[]): string {
  for (const name of names) {
    mkdirSync(join(root, name), { recursive: true });
    writeFileSync(join(root, name, 'manifest.json'), '{}');
  }
  return join(root, 'default');
}

test('the repository ships default and fast under models/packs, default first', () => {
  assert.equal(DEFAULT_PACK_DIR, join(REPO_ROOT, 'models', 'packs', 'default'));
  assert.equal(ENGINE_DEFAULT, DEFAULT_PACK_DIR);
  assert.deepEqual(BUNDLED_PACK_NAMES, ['default', 'fast']);
  assert.deepEqual(bundledPacks(), [
    { name: 'default', dir: DEFAULT_PACK_DIR },
    { name: 'fast', dir: join(REPO_ROOT, 'models', 'packs', 'fast') },
  ]);
});

test('other bundled packs are found beside the given default, only when installed; other folders never', () => {
  const full = fakePackRoot(join(dir, 'full'), ['default', 'fast', 'experimental']);
  assert.deepEqual(
    bundledPacks(full).map((p) => p.name),
    ['default', 'fast'],
  );
  assert.equal(bundledPackDir('fast', full), join(dir, 'full', 'fast'));
  assert.equal(bundledPackDir('experimental', full), null); // a folder that happens to be there is not bundled

  const bare = fakePackRoot(join(dir, 'bare'), ['default']);
  assert.deepEqual(bundledPacks(bare), [{ name: 'default', dir: bare }]);
  assert.equal(bundledPackDir('fast', bare), null);
  // The default is listed even when missing, so the app reports it instead of hiding it.
  assert.deepEqual(
    bundledPacks(join(dir, 'nowhere', 'default')).map((p) => p.name),
    ['default'],
  );
  // A default folder with another name (a packaged or test layout) is still "default".
  const renamed = fakePackRoot(join(dir, 'renamed'), ['main', 'fast']).replace(/default$/, 'main');
  assert.deepEqual(
    bundledPacks(renamed).map((p) => [p.name, p.dir]),
    [
      ['default', renamed],
      ['fast', join(dir, 'renamed', 'fast')],
    ],
  );
});

test('bare pack names versus paths', () => {
  for (const name of ['fast', 'default', 'my-pack.v2']) assert.equal(isBarePackName(name), true, name);
  for (const path of ['', '.', '..', './fast', 'packs/fast', 'packs\\fast', '/abs/fast']) assert.equal(isBarePackName(path), false, path);
});
