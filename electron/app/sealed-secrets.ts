// The queue server's password, kept out of the settings file where the desktop can keep it elsewhere.
// Settings and the remote batch's record store the queue URL (`redis://user:PASSWORD@host`); with a
// sealer (Electron's safeStorage, electron/main/safe-storage.ts: the OS keychain's key), every such
// password is encrypted before it reaches the store and decrypted when read, so the file holds
// `redis://user:dvar-sealed.<base64url>@host`. The app and engine never import Electron: the sealer is
// injected. Without one (the web host, a desktop without a keychain) the password stays in the store's
// file, which is 0600 in a 0700 folder (private-files.ts). A password written in clear by an older
// version is sealed the first time it is read.
import type { KeyValueStore } from './store.ts';
import { URL_PASSWORD } from '../distributed/queue-url.ts';

/** Encrypts and decrypts short secrets (the shape of Electron's safeStorage). */
export interface SecretSealer {
  encrypt(plain: string): Buffer;
  /** Throws when the text cannot be decrypted (another machine's keychain, a damaged file). */
  decrypt(sealed: Buffer): string;
}

const SEALED = 'dvar-sealed.';

/** `url` without its password (what is left when a sealed one cannot be opened). */
function withoutPassword(url: string): string {
  return url.replace(URL_PASSWORD, (_match, head: string) => {
    const scheme = head.slice(0, head.indexOf('//') + 2);
    const user = head.slice(scheme.length, -1);
    return user ? `${scheme}${user}@` : scheme;
  });
}

/** Every string of a JSON value passed through `change` (arrays and plain objects walked). */
function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)]));
  return value;
}

/**
 * `store` with every queue-URL password in the values sealed on the way in and opened on the way out.
 * `onUnreadable` hears one sentence when a sealed password cannot be opened (it is dropped from the URL:
 * the user enters it again).
 */
export function sealStoredSecrets(store: KeyValueStore, sealer: SecretSealer, onUnreadable?: (message: string) => void): KeyValueStore {
  // One encryption per password, not per save: the queue saves its state often, and a fresh IV each
  // time would rewrite the same secret differently every time.
  const sealedOf = new Map<string, string>();
  const seal = (text: string) =>
    text.replace(URL_PASSWORD, (match, head: string, password: string) => {
      if (password === '' || password.startsWith(SEALED)) return match;
      let sealed = sealedOf.get(password);
      if (!sealed) {
        sealed = `${SEALED}${sealer.encrypt(password).toString('base64url')}`;
        sealedOf.set(password, sealed);
      }
      return `${head}${sealed}@`;
    });
  let clearFound = false;
  const open = (text: string) => {
    const password = URL_PASSWORD.exec(text)?.[2];
    if (password === undefined || password === '') return text;
    if (!password.startsWith(SEALED)) {
      clearFound = true;
      return text;
    }
    try {
      const plain = sealer.decrypt(Buffer.from(password.slice(SEALED.length), 'base64url'));
      sealedOf.set(plain, password);
      return text.replace(URL_PASSWORD, (_match, head: string) => `${head}${plain}@`);
    } catch {
      onUnreadable?.(
        `The queue server's password could not be decrypted with this computer's keychain (${withoutPassword(text)}); enter it again in Settings.`,
      );
      return withoutPassword(text);
    }
  };
  return {
    get(key) {
      clearFound = false;
      const value = mapStrings(store.get(key), open);
      if (clearFound) store.set(key, mapStrings(value, seal)); // written in clear by an older version
      return value;
    },
    set(key, value) {
      store.set(key, mapStrings(value, seal));
    },
  };
}
