// The app's data folder holds the queue server's password, the session's keys, copies of uploaded
// photos, thumbnails of every photo opened and a log naming them: none of it is anyone else's business
// on a shared computer. The folder is made (or corrected to) 0700 and every file in it is written 0600;
// the folder's own mode alone already keeps other accounts out of anything below it, and the files'
// modes keep them private if one is ever copied or the folder opened up. (On Windows, modes are
// ignored: the per-user profile folder is already private.)
import { chmodSync, mkdirSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) and makes `dir` itself 0700, also when it already existed. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** makePrivateDir without blocking. */
export async function makePrivateDirAsync(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}

/** Makes an existing file 0600 (one written before the data folder was private); a missing one is fine. */
export function makeFilePrivate(file: string): void {
  try {
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
