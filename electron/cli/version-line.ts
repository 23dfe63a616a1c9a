// `dvar --version`: the app's version and each bundled pack's, since the docs speak of the packs'
// (v0.5.2 is the default pack, not the app). Reads package.json and the manifests only: instant.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledPacks } from '../engine/definitions.ts';

const PACKAGE_JSON = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');

function versionIn(file: string): string | null {
  try {
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/** "dvar 0.1.0 (DVAR Studio); model packs: default 0.5.2, fast 0.3.3". */
export function versionLine(packageJson: string = PACKAGE_JSON): string {
  const packs = bundledPacks().map((pack) => `${pack.name} ${versionIn(join(pack.dir, 'manifest.json')) ?? 'not installed'}`);
  return `dvar ${versionIn(packageJson) ?? 'unknown'} (DVAR Studio); model packs: ${packs.join(', ')}`;
}
