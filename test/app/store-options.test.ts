// One settings interface for both hosts: the desktop app's electron-store and the web host's conf are
// opened by createFileStore with the same options, so they read and write the same file the same way.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { createFileStore, storeOptions } from '../../electron/app/store.ts';
import { makeTempDir } from '../helpers/images.ts';

const temp = makeTempDir('store-options');
after(temp.cleanup);

/** A conf subclass, as electron-store is, that records what it was opened with. */
function recordingStore(seen: object[]) {
  return class extends Conf<Record<string, unknown>> {
    constructor(options: ReturnType<typeof storeOptions>) {
      seen.push(options);
      super(options);
    }
  };
}

test('the store class the desktop app passes is opened with the web host options, on the same file', () => {
  const seen: object[] = [];
  const desktop = createFileStore(temp.dir, 'config', undefined, recordingStore(seen));
  assert.deepEqual(seen, [storeOptions(temp.dir, 'config')]);
  desktop.set('settings.v', { scale: 4 });
  const web = createFileStore(temp.dir, 'config');
  assert.deepEqual(web.get('settings.v'), { scale: 4 }, 'a dotted key stays one key in both');
  assert.deepEqual(JSON.parse(readFileSync(join(temp.dir, 'config.json'), 'utf8')), { 'settings.v': { scale: 4 } });
});

test('a corrupt settings file is kept aside and the desktop store starts empty, as the web host does', () => {
  const dir = join(temp.dir, 'corrupt');
  const seen: object[] = [];
  const messages: string[] = [];
  createFileStore(dir, 'config').set('a', 1);
  writeFileSync(join(dir, 'config.json'), '{"a": 1,');
  const store = createFileStore(dir, 'config', (message) => messages.push(message), recordingStore(seen));
  assert.equal(store.get('a'), undefined);
  assert.equal(seen.length, 2, 'opened, failed, moved aside, opened again with the same class');
  assert.equal(messages.length, 1);
  assert.equal(readdirSync(dir).filter((name) => name.startsWith('config.json.corrupt-')).length, 1);
});
