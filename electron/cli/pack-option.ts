// `--pack`: a model pack folder, or the name of a bundled pack (`--pack fast`). A folder of that name
// in the working directory wins, so a command that meant ./fast before bundled packs had names still
// does; only a bare name (no slash, not "." or "..") is ever looked up among the bundled packs.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUNDLED_PACK_NAMES, bundledPackDir, DEFAULT_PACK_DIR, isBarePackName } from '../engine/bundled-packs.ts';
import { DvarError } from '../engine/errors.ts';

/** The pack folder `--pack VALUE` names (undefined: the default pack); throws one sentence for an unknown name. */
export function resolvePackOption(value: string | undefined, cwd: string = process.cwd(), defaultPackDir: string = DEFAULT_PACK_DIR): string {
  if (value === undefined) return defaultPackDir;
  const folder = resolve(cwd, value);
  // A path, or a folder that is there: the engine reports what is wrong with it, naming the folder.
  if (!isBarePackName(value) || statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return folder;
  const bundled = bundledPackDir(value, defaultPackDir);
  if (bundled) return bundled;
  throw new DvarError('PACK_MISSING', `--pack ${value} is neither a folder here nor a bundled pack; pass a model pack folder or one of ${BUNDLED_PACK_NAMES.join(', ')}.`);
}
