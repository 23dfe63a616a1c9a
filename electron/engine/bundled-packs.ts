// The model packs that ship with DVAR Studio, named by folder beside the default pack: the CLI's
// `--pack fast`, the app's pack list and a Settings choice that survives the app moving.
//
// An explicit list rather than "every sibling folder that holds a valid pack": the installers ship
// exactly these folders (build/electron-builder.yml, forge.config.ts; test/main/packaging.test.ts
// checks every name here against both), whereas a scan would call "built in" whatever a training run,
// an export in progress or a user's copy leaves under models/packs, and would checksum each of them on
// every listing. Plain fs, no onnxruntime: the app's host thread and `dvar --help` import this.
// Kept two folders below the repository root, like engine/index.ts, so the module-relative path
// resolves the same from source and from the esbuild bundles in dist/electron.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DvarError } from './errors.ts';

/** The pack the app ships and uses unless told otherwise: `<repo>/models/packs/default`. */
export const DEFAULT_PACK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models', 'packs', 'default');

/** Bundled packs in the order the app lists them, the default first. */
export const BUNDLED_PACK_NAMES = ['default', 'fast'] as const;

export interface BundledPack {
  /** The folder name under models/packs (the CLI's `--pack NAME`, a Settings `packDir` value). */
  name: string;
  dir: string;
}

/**
 * The bundled packs that are installed, default first. Every pack but the default is looked for beside
 * `defaultPackDir` (a packaged app passes its unpacked resources folder) and listed only when its
 * manifest.json is there; the default is always listed so a missing one is reported, not hidden.
 */
export function bundledPacks(defaultPackDir: string = DEFAULT_PACK_DIR): BundledPack[] {
  const root = dirname(resolve(defaultPackDir));
  return BUNDLED_PACK_NAMES.flatMap((name): BundledPack[] => {
    if (name === 'default') return [{ name, dir: resolve(defaultPackDir) }];
    const dir = join(root, name);
    return dir !== resolve(defaultPackDir) && existsSync(join(dir, 'manifest.json')) ? [{ name, dir }] : [];
  });
}

/** The folder of the installed bundled pack called `name`, or null when there is none. */
export function bundledPackDir(name: string, defaultPackDir: string = DEFAULT_PACK_DIR): string | null {
  return bundledPacks(defaultPackDir).find((pack) => pack.name === name)?.dir ?? null;
}

/** True for a bare name ("fast"), false for anything that reads as a path ("./fast", "packs/fast", "."). */
export function isBarePackName(value: string): boolean {
  return value !== '' && value !== '.' && value !== '..' && !value.includes('/') && !value.includes(sep) && !value.includes('\\');
}

/**
 * What a pack value names (a CLI `--pack`, a queued job's pack): a folder (a path, or a folder of that
 * name in `cwd`, which wins so a command that meant ./fast before packs had names still does), else a
 * bundled pack's name. Throws PACK_MISSING for a bare name that is neither.
 */
export function packChoice(value: string, cwd: string): { folder: string } | { bundled: string } {
  const folder = resolve(cwd, value);
  if (!isBarePackName(value) || statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return { folder };
  if ((BUNDLED_PACK_NAMES as readonly string[]).includes(value)) return { bundled: value };
  throw new DvarError('PACK_MISSING', `${value} is neither a folder here nor a bundled pack.`, { params: { name: value } });
}
