// Photos and folders handed to the app by the OS: `dvar-studio a.jpg folder/`, "Open with", or a second
// launch while the app runs (single-instance lock). Chromium switches and the app folder itself
// (`electron .` in development) are not paths to open.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function pathsFromArgv(argv: readonly string[], options: { cwd: string; appPath: string }): string[] {
  const appPath = resolve(options.appPath);
  return argv
    .slice(1)
    .filter((arg) => arg !== '' && !arg.startsWith('-'))
    .map((arg) => resolve(options.cwd, arg))
    .filter((path) => path !== appPath && existsSync(path));
}
