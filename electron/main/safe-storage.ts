// Electron's safeStorage as the app's SecretSealer (app/sealed-secrets.ts): the queue password is
// encrypted with a key the OS keeps (macOS Keychain, Windows DPAPI, the Secret Service / KWallet on
// Linux). On Linux without any of those, Electron falls back to a key hard-coded in Chromium
// ("basic_text"), which protects nothing: then, as when encryption is unavailable at all, there is no
// sealer and the password stays in the 0600 settings file.
import type { SecretSealer } from '../app/sealed-secrets.ts';

/** The slice of Electron's `safeStorage` this uses (available once the app is ready). */
export interface SafeStorageApi {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

/** Backends that are no real keychain. */
const NO_KEYCHAIN = new Set(['basic_text', 'unknown']);

/** The sealer, or null (with why) when this desktop has no usable keychain. */
export function keychainSealer(safeStorage: SafeStorageApi, platform: NodeJS.Platform = process.platform): { sealer: SecretSealer | null; words: string } {
  if (!safeStorage.isEncryptionAvailable())
    return { sealer: null, words: 'no keychain is available, so the queue password is kept in the settings file, which only your user account can read' };
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  if (backend !== undefined && NO_KEYCHAIN.has(backend)) {
    return {
      sealer: null,
      words: 'no keychain (Secret Service or KWallet) is running, so the queue password is kept in the settings file, which only your user account can read',
    };
  }
  return {
    sealer: { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (sealed) => safeStorage.decryptString(sealed) },
    words: 'the queue password is kept encrypted with a key from the system keychain',
  };
}
