// The one Electron version the app is packaged with: package.json's optionalDependencies.electron.
// electron-builder reads it from node_modules/electron, which is absent wherever the binary could not
// be downloaded, so scripts/package.ts passes it explicitly; forge.config.ts reads it from here too.
import { readFileSync } from 'node:fs';

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

/** The exact `x.y.z` pinned in package.json; a range would let the two packagers disagree. */
export function pinnedElectronVersion(packageJson: string = readFileSync(PACKAGE_JSON, 'utf8')): string {
  const pinned = (JSON.parse(packageJson) as { optionalDependencies?: Record<string, string> }).optionalDependencies?.electron;
  if (!pinned || !/^\d+\.\d+\.\d+$/.test(pinned)) {
    throw new Error(`package.json must pin optionalDependencies.electron to an exact version (x.y.z), not ${JSON.stringify(pinned)}.`);
  }
  return pinned;
}
