// This machine's speed, remembered between `dvar` runs the way the app remembers it (the same
// SpeedMemory: ms per input megapixel per pack, threads and providers, each photo moving the figure
// halfway), in its own small JSON file: <config dir>/dvar-studio/speed.json, written to a temp file
// and renamed, so a reader never sees half of it. Not the app's config.json: the app rewrites that
// file whole, and the two must not race. Not through conf either: its exit hooks catch Ctrl-C and
// raise it again, which the CLI would read as the second Ctrl-C that quits at once.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SpeedMemory, type SpeedStore } from '../jobs/index.ts';

/** The user's configuration folder for DVAR Studio: $XDG_CONFIG_HOME, %APPDATA% on Windows, else ~/.config. */
export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const base = env.XDG_CONFIG_HOME || (platform === 'win32' && env.APPDATA) || join(homedir(), '.config');
  return join(base, 'dvar-studio');
}

/**
 * A JSON object in `dir/<name>.json` that never fails a restore: a missing, unreadable or corrupt file
 * reads as empty, and a write that fails (read-only home, full disk) only leaves the old figure.
 */
export function jsonFileStore(dir: string, name: string): SpeedStore {
  const file = join(dir, `${name}.json`);
  const read = (): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  return {
    get: (key) => read()[key],
    set: (key, value) => {
      const temp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temp, `${JSON.stringify({ ...read(), [key]: value }, null, 2)}\n`);
        renameSync(temp, file);
      } catch {
        // The estimate stays the last remembered (or the pack's typical) one.
        rmSync(temp, { force: true });
      }
    },
  };
}

export function cliSpeedMemory(dir: string = configDir()): SpeedMemory {
  return new SpeedMemory(jsonFileStore(dir, 'speed'));
}
