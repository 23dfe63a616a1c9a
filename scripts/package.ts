// Runs electron-builder with build/electron-builder.yml and the Electron version pinned in package.json
// (scripts/electron-version.ts). Where node_modules/electron holds the binary, electron-builder copies
// that one instead of downloading it. Extra arguments go through: `tsx scripts/package.ts --dir`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinnedElectronVersion } from './electron-version.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The unpacked Electron that npm's electron package downloads, when its download succeeded. */
export const LOCAL_ELECTRON_DIST = join(ROOT, 'node_modules', 'electron', 'dist');

/** electron-builder's command line (without the executable). */
export function electronBuilderArgs(extra: string[], localDist: string | null = existsSync(LOCAL_ELECTRON_DIST) ? LOCAL_ELECTRON_DIST : null): string[] {
  const args = ['--config', 'build/electron-builder.yml', `-c.electronVersion=${pinnedElectronVersion()}`];
  if (localDist) args.push(`-c.electronDist=${localDist}`);
  return [...args, ...extra];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cli = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
  const result = spawnSync(process.execPath, [cli, ...electronBuilderArgs(process.argv.slice(2))], { cwd: ROOT, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
