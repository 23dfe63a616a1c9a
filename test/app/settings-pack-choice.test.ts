// Settings' packDir: null (the default), a bundled pack's name, or a full path; how each reaches the
// engine (job-config.ts), and stored values this install cannot honour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { engineConfigOf, packDirOf } from '../../electron/app/job-config.ts';
import { DEFAULT_SETTINGS, SettingsService } from '../../electron/app/settings-service.ts';
import { createMemoryStore } from '../helpers/memory-store.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir } from '../helpers/images.ts';
import { bundledPackLayout } from './bundled-pack-fixture.ts';

const { dir, cleanup } = makeTempDir('settings-pack');
test.after(cleanup);
const { defaultPackDir, fastDir } = bundledPackLayout(dir);
const isBundled = (name: string) => name === 'default' || name === 'fast';

test('a bundled name is a valid choice; other bare names and relative paths are not', () => {
  const settings = new SettingsService(createMemoryStore(), isBundled);
  assert.equal(settings.update({ packDir: 'fast' }).packDir, 'fast');
  assert.equal(settings.update({ packDir: TINY_PACK }).packDir, TINY_PACK);
  assert.equal(settings.update({ packDir: null }).packDir, null);
  for (const packDir of ['fats', 'packs/fast']) {
    assert.throws(() => settings.update({ packDir }), {
      code: 'INVALID_SETTINGS',
      message: new RegExp(`^The model pack folder must be a full path \\(like .+\\), not "${packDir}"\\.$`),
    });
  }
});

test('stored names: a bundled pack is kept, one this install lacks is reset to the default', () => {
  const kept = new SettingsService(createMemoryStore({ settings: { ...DEFAULT_SETTINGS, packDir: 'fast' } }), isBundled);
  assert.equal(kept.get().packDir, 'fast');
  const reset = new SettingsService(createMemoryStore({ settings: { ...DEFAULT_SETTINGS, packDir: 'fast' } }), () => false);
  assert.equal(reset.get().packDir, null);
});

test('the engine gets the folder: default, the bundled pack beside it, or the path as chosen', () => {
  assert.equal(packDirOf(null, defaultPackDir), defaultPackDir);
  assert.equal(packDirOf('fast', defaultPackDir), fastDir);
  assert.equal(packDirOf('default', defaultPackDir), defaultPackDir);
  assert.equal(packDirOf(TINY_PACK, defaultPackDir), TINY_PACK);
  // Gone since it was chosen: the folder it would be in, so the engine's error names it.
  assert.equal(packDirOf('retired', defaultPackDir), join(dirname(defaultPackDir), 'retired'));
  assert.equal(engineConfigOf({ ...DEFAULT_SETTINGS, packDir: 'fast', threads: 1 }, defaultPackDir).packDir, fastDir);
});
