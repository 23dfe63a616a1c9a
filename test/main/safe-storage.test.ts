// The queue password sealed with the OS keychain (electron/main/safe-storage.ts over Electron's
// safeStorage, electron/app/sealed-secrets.ts over the store), checked with a fake safeStorage whose
// "encryption" is reversible and visible: what reaches the store never holds the password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keychainSealer, type SafeStorageApi } from '../../electron/main/safe-storage.ts';
import { sealStoredSecrets } from '../../electron/app/sealed-secrets.ts';
import { createMemoryStore } from '../helpers/memory-store.ts';

/** A safeStorage whose ciphertext is the reversed text behind a marker; counts encryptions. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  const calls = { encrypt: 0 };
  const api: SafeStorageApi = {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString: (plain) => (calls.encrypt++, Buffer.from(`fake:${[...plain].reverse().join('')}`)),
    decryptString: (sealed) => {
      const text = sealed.toString();
      if (!text.startsWith('fake:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice(5)].reverse().join('');
    },
  };
  return { api, calls };
}

test('the keychain is used where safeStorage has one; not when it is unavailable or Linux falls back to basic_text', () => {
  assert.notEqual(keychainSealer(fakeSafeStorage().api, 'linux').sealer, null);
  assert.notEqual(keychainSealer(fakeSafeStorage({ backend: 'basic_text' }).api, 'darwin').sealer, null, 'the backend only matters on Linux');
  const none = keychainSealer(fakeSafeStorage({ available: false }).api, 'darwin');
  assert.equal(none.sealer, null);
  assert.match(none.words, /settings file, which only your user account can read/);
  assert.equal(keychainSealer(fakeSafeStorage({ backend: 'basic_text' }).api, 'linux').sealer, null);
  assert.equal(keychainSealer(fakeSafeStorage({ backend: 'unknown' }).api, 'linux').sealer, null);
  const { sealer } = keychainSealer(fakeSafeStorage().api, 'linux');
  assert.equal(sealer!.decrypt(sealer!.encrypt('p@ss:/word')), 'p@ss:/word');
});

test('a queue password reaches the store sealed and comes back in clear; other values are untouched', () => {
  const { api, calls } = fakeSafeStorage();
  const inner = createMemoryStore();
  const store = sealStoredSecrets(inner, keychainSealer(api, 'linux').sealer!);
  const settings = { queueUrl: 'rediss://worker:hunter%402@queue.lan:6380/2', outputDir: '/photos/redis://:x@y', threads: 2 };
  store.set('settings', settings);
  store.set('remote-batch', { url: settings.queueUrl, submissions: ['a'] });
  const raw = JSON.stringify([inner.get('settings'), inner.get('remote-batch')]);
  assert.ok(!raw.includes('hunter'), `no password in the store: ${raw}`);
  assert.match(String((inner.get('settings') as { queueUrl: string }).queueUrl), /^rediss:\/\/worker:dvar-sealed\.[A-Za-z0-9_-]+@queue\.lan:6380\/2$/);
  assert.equal((inner.get('settings') as { outputDir: string }).outputDir, settings.outputDir, 'only URLs that start as queue URLs');
  assert.deepEqual(store.get('settings'), settings);
  assert.deepEqual(store.get('remote-batch'), { url: settings.queueUrl, submissions: ['a'] });
  store.set('settings', settings);
  assert.equal(calls.encrypt, 1, 'one encryption per password, not one per save');
  store.set('settings', { queueUrl: 'redis://queue.lan:6379' });
  assert.deepEqual(inner.get('settings'), { queueUrl: 'redis://queue.lan:6379' }, 'a URL without a password is stored as it is');
});

test('a password an older version stored in clear is sealed when read; one that cannot be opened is dropped with a sentence', () => {
  const { api } = fakeSafeStorage();
  const sealer = keychainSealer(api, 'linux').sealer!;
  const inner = createMemoryStore({ settings: { queueUrl: 'redis://:old-secret@queue.lan:6379' } });
  const store = sealStoredSecrets(inner, sealer);
  assert.equal((store.get('settings') as { queueUrl: string }).queueUrl, 'redis://:old-secret@queue.lan:6379');
  assert.ok(!JSON.stringify(inner.get('settings')).includes('old-secret'), 'sealed on the first read');

  const messages: string[] = [];
  const foreign = createMemoryStore({ settings: { queueUrl: 'redis://worker:dvar-sealed.bm90LWZha2U@queue.lan:6379' } });
  const opened = sealStoredSecrets(foreign, sealer, (message) => messages.push(message)).get('settings') as { queueUrl: string };
  assert.equal(opened.queueUrl, 'redis://worker@queue.lan:6379');
  assert.deepEqual(messages, [
    "The queue server's password could not be decrypted with this computer's keychain (redis://worker@queue.lan:6379); enter it again in Settings.",
  ]);
});
