// What a killed run (SIGKILL, power loss, a crash) leaves of an atomic write: a hidden
// `.photo-dvar-x4.png.dvar-tmp-<pid>-<random>` beside the output. The next run that writes that output
// removes it and says so. A temp file whose writer is still alive (another dvar writing the same output
// at this moment) is left alone: removing it would break that writer's rename into place.
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tempFileWriter } from '../image-files/index.ts';

/** True when a process with this id exists (EPERM: it does, but belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files of `output` left by writers that are gone; returns the paths it removed.
 * Names without a writer id come from older versions, whose writes never outlive their process
 * for long, so they count as stale. Never throws: a folder we cannot read or change is reported by
 * the write that follows, in its own sentence.
 */
export async function removeStaleTempFiles(output: string): Promise<string[]> {
  const dir = dirname(output);
  const target = basename(output);
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const writer = tempFileWriter(name, target);
    if (writer === undefined) continue;
    if (writer !== null && (writer === process.pid || isAlive(writer))) continue;
    const path = join(dir, name);
    try {
      await rm(path);
      removed.push(path);
    } catch {
      // Gone already (another run cleaned it) or not ours to remove: nothing to say.
    }
  }
  return removed;
}
