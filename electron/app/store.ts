// Where the app keeps settings, the batch queue and imported packs. `conf` writes the same JSON file
// electron-store does (electron-store is conf plus Electron paths), so the Electron main process can
// pass its own electron-store instance and the web host uses this one; nothing else cares which.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';

/** The part of electron-store / conf the host uses. Values must be JSON (no undefined). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/**
 * `<dir>/<name>.json`. A file that is not valid JSON (a crash of some other writer, a bad hand edit)
 * is moved aside as `<name>.json.corrupt-<time>` and the app starts from defaults instead of refusing
 * to open; conf itself writes atomically, so our own writes never leave such a file.
 */
export function createFileStore(dir: string, name = 'config', onReset?: (message: string) => void): KeyValueStore {
  // Keys are plain words; dot notation would turn a key like "packs.list" into nesting.
  const open = () => new Conf<Record<string, unknown>>({ cwd: dir, configName: name, accessPropertiesByDotNotation: false });
  try {
    const conf = open();
    void conf.store; // parse now, so a corrupt file is found here and not on the first get
    return conf;
  } catch (error) {
    const file = join(dir, `${name}.json`);
    if (!(error instanceof SyntaxError) || !existsSync(file)) throw error;
    const kept = `${file}.corrupt-${Date.now()}`;
    renameSync(file, kept);
    onReset?.(`${file} could not be read (it is not valid JSON); it was kept as ${kept}, and settings, the queue and imported packs start from their defaults.`);
    return open();
  }
}
