// `--pack`: a model pack folder, or the name of a bundled pack (`--pack fast`). A folder of that name
// in the working directory wins, so a command that meant ./fast before bundled packs had names still
// does; only a bare name (no slash, not "." or "..") is ever looked up among the bundled packs.
import { bundledPackDir, DEFAULT_PACK_DIR, packChoice } from '../engine/definitions.ts';
import { DvarError } from '../engine/definitions.ts';

/** The pack folder `--pack VALUE` names (undefined: the default pack); throws one sentence for an unknown name. */
export function resolvePackOption(value: string | undefined, cwd: string = process.cwd(), defaultPackDir: string = DEFAULT_PACK_DIR): string {
  if (value === undefined) return defaultPackDir;
  // A path, or a folder that is there: the engine reports what is wrong with it, naming the folder.
  const choice = packChoice(value, cwd);
  if ('folder' in choice) return choice.folder;
  const dir = bundledPackDir(choice.bundled, defaultPackDir);
  if (dir) return dir;
  throw new DvarError('PACK_MISSING', `The bundled pack ${choice.bundled} is not installed here.`, { params: { name: choice.bundled } });
}
