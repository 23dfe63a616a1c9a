// Which packs the app lists: the bundled ones (default first, then fast), each with its docs/ model
// card and its restorer's credit, then imports; a bundled pack is chosen by name, never stored as an import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PacksService } from '../../electron/app/packs-service.ts';
import { createMemoryStore } from '../helpers/memory-store.ts';
import { packInfo, type PackInfo } from '../../electron/ipc/contract.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir } from '../helpers/images.ts';
import { bundledPackLayout, RESTORER } from './bundled-pack-fixture.ts';

const { dir, cleanup } = makeTempDir('packs-service');
test.after(cleanup);
const { defaultPackDir, fastDir, modelCardsDir } = bundledPackLayout(dir);

function service(store = createMemoryStore()) {
  const warnings: string[] = [];
  const packs = new PacksService(store, defaultPackDir, modelCardsDir, (level, message) => level === 'warn' && warnings.push(message));
  return { packs, store, warnings };
}

const summary = (p: PackInfo) => [p.name, p.isDefault, p.bundled, p.ref, p.card];

test('bundled packs first, default then fast, with their docs/ model cards; then imports', async () => {
  const { packs, store } = service();
  await packs.import(TINY_PACK);
  assert.deepEqual(store.get('importedPacks'), [TINY_PACK]);
  const list = await packs.list();
  for (const info of list) packInfo.parse(info); // what crosses the IPC boundary
  assert.deepEqual(list.map(summary), [
    ['default', true, true, null, '# Default pack\n'],
    ['fast', false, true, 'fast', '# Fast pack\n'],
    ['tiny', false, false, TINY_PACK, null], // an imported pack's card is its own card.md only
  ]);
  assert.deepEqual(
    list.map((p) => p.dir),
    [defaultPackDir, fastDir, TINY_PACK],
  );
});

test("a pack's restorer credit and licence come from its manifest; packs without one have null", async () => {
  const [def, fast] = await service().packs.list();
  assert.deepEqual(def!.restorer, RESTORER);
  assert.equal(fast!.restorer, null);
});

test('importing a bundled pack by its folder is not stored, and an old import of it is not listed twice', async () => {
  const { packs, store } = service(createMemoryStore({ importedPacks: [fastDir] }));
  assert.deepEqual(
    (await packs.list()).map((p) => p.name),
    ['default', 'fast'],
  );
  const info = await packs.import(fastDir);
  assert.equal(info.ref, 'fast');
  assert.deepEqual(store.get('importedPacks'), [fastDir]); // unchanged
});

test('without fast installed only the default is bundled', async () => {
  const { dir: lone, cleanup: done } = makeTempDir('packs-lone');
  try {
    const layout = bundledPackLayout(lone);
    rmSync(layout.fastDir, { recursive: true });
    const packs = new PacksService(createMemoryStore(), layout.defaultPackDir, layout.modelCardsDir, () => {});
    assert.deepEqual(
      (await packs.list()).map((p) => p.name),
      ['default'],
    );
  } finally {
    done();
  }
});

test('a broken bundled pack is left out of the list with a warning, the others stay', async () => {
  const { dir: broken, cleanup: done } = makeTempDir('packs-broken');
  try {
    const layout = bundledPackLayout(broken);
    rmSync(join(layout.fastDir, 'decoder.onnx'));
    const warnings: string[] = [];
    const packs = new PacksService(createMemoryStore(), layout.defaultPackDir, layout.modelCardsDir, (_level, message) => warnings.push(message));
    assert.deepEqual(
      (await packs.list()).map((p) => p.name),
      ['default'],
    );
    assert.match(warnings.join('\n'), /fast is not listed: .*decoder\.onnx is missing/);
  } finally {
    done();
  }
});
