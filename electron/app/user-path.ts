// Paths as people type them: `~` and `~/Photos` mean their home folder, and a relative path such as
// `Photos/2024` starts from their home folder too (what a terminal opened fresh would do), never from
// wherever the host process happened to start. Every path a user types passes through here once.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Where relative paths start; said in the path fields' hints. */
export function userPathBase(): string {
  return homedir();
}

export function expandUserPath(typed: string, home = userPathBase()): string {
  const path = typed.trim();
  if (path === '~') return home;
  if (path.startsWith('~/') || (process.platform === 'win32' && path.startsWith('~\\'))) return join(home, path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(home, path);
}
