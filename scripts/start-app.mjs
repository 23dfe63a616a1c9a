// `npm start`: builds the app and opens its window. Electron is an optional dependency (its binary is
// downloaded from GitHub at install time), so where it is missing this says what to do in one
// sentence before any build, instead of building and then ending in "electron: not found".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The Electron binary's path, or null when the package or its downloaded binary is absent. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (!electron) {
  process.stderr.write(
    'Electron is not installed here (its download needs GitHub); run `npm install electron` where that works, ' +
      'or open the same app in a browser with `npm run web`.\n',
  );
  process.exit(1);
}
const shell = process.platform === 'win32';
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(electron, ['.'], { stdio: 'inherit' });
process.exit(app.status ?? 1);
