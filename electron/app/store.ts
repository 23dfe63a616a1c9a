// Where the app keeps settings, the batch queue and imported packs: one interface for both hosts.
// electron-store is conf plus Electron's paths, so the desktop app opens its electron-store and the web
// host opens conf through createFileStore with the same options, the same file and the same recovery
// from a corrupt file. What each key holds is checked by the zod schema of the service that owns it
// (settings-service, queue, remote-batch, packs-service, speed-memory), whichever package wrote it.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { makeFilePrivate, PRIVATE_FILE_MODE } from './private-files.ts';

/** The part of electron-store / conf the host uses. Values must be JSON (no undefined). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** The options both packages open `<dir>/<name>.json` with (electron-store reads `name`, conf `configName`). */
export function storeOptions(dir: string, name: string) {
  // Keys are plain words; dot notation would turn a key like "packs.list" into nesting. The file holds
  // the paths of every queued photo and, without a keychain, the queue server's password: 0600.
  return { cwd: dir, name, configName: name, accessPropertiesByDotNotation: false, configFileMode: PRIVATE_FILE_MODE };
}

/** conf, or electron-store (a subclass of conf): anything constructed from storeOptions. */
export type StoreClass = new (options: ReturnType<typeof storeOptions>) => KeyValueStore & { readonly store: unknown };

/**
 * `<dir>/<name>.json`. A file that is not valid JSON (a crash of some other writer, a bad hand edit)
 * is moved aside as `<name>.json.corrupt-<time>` and the app starts from defaults instead of refusing
 * to open; conf itself writes atomically, so our own writes never leave such a file.
 */
export function createFileStore(dir: string, name = 'config', onReset?: (message: string) => void, Store: StoreClass = Conf): KeyValueStore {
  const open = () => new Store(storeOptions(dir, name));
  makeFilePrivate(join(dir, `${name}.json`)); // conf sets the mode only when it writes
  try {
    const conf = open();
    void conf.store; // parse now, so a corrupt file is found here and not on the first get
    return conf;
  } catch (error) {
    const file = join(dir, `${name}.json`);
    if (!(error instanceof SyntaxError) || !existsSync(file)) throw error;
    const kept = `${file}.corrupt-${Date.now()}`;
    renameSync(file, kept);
    onReset?.(
      `${file} could not be read (it is not valid JSON); it was kept as ${kept}, and settings, the queue and imported packs start from their defaults.`,
    );
    return open();
  }
}
