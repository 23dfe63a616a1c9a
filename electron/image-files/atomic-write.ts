// Outputs are written to a temp file in the target folder, flushed, then renamed into place, so a
// crash, a full disk or Ctrl-C never leaves a half-written image under the real name, and an existing
// file is only ever replaced when the caller asked for it.
import { randomBytes } from 'node:crypto';
import { constants, rmSync } from 'node:fs';
import { access, link, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DvarError } from '../engine/definitions.ts';

export interface AtomicWriteOptions {
  overwrite: boolean;
  /** Writes the bytes into the new temp file. Tests replace it to simulate a full disk. */
  writeTemp?: (tempPath: string, bytes: Uint8Array) => Promise<void>;
}

export const TEMP_FILE_MARKER = '.dvar-tmp-';

/**
 * True when `path` is a file modified at or after `since` (ms since the epoch). Outputs appear only by
 * a rename of their finished temp file, so such a file is a whole output written since then: what a
 * run that died before recording it (the batch queue, a queue worker) left behind.
 */
export async function writtenSince(path: string, since: number): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info !== null && info.isFile() && info.mtimeMs >= since;
}

/**
 * `.photo-dvar-x4.png.dvar-tmp-4242-1a2b3c4d` next to the target: hidden, same file system, never a
 * real name. The writer's process id is in the name, so a later run can tell a temp file whose writer
 * was killed (safe to remove) from one another live process is writing right now (not ours to touch).
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}${TEMP_FILE_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * For a temp file name of `target` (a basename): the id of the process that wrote it, null when the
 * name has none (written before names carried one), or undefined when it is not a temp file of `target`.
 */
export function tempFileWriter(name: string, target: string): number | null | undefined {
  const prefix = `.${target}${TEMP_FILE_MARKER}`;
  if (!name.startsWith(prefix)) return undefined;
  const pid = /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))?.[1];
  return pid === undefined ? null : Number(pid);
}

/** Temp files being written right now, so a hard exit (second Ctrl-C) can still remove them. */
const pendingTempFiles = new Set<string>();

/** Synchronous on purpose: called from signal handlers right before the process exits. */
export function removePendingTempFilesSync(): void {
  for (const path of pendingTempFiles) rmSync(path, { force: true });
  pendingTempFiles.clear();
}

async function writeAndSync(tempPath: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(tempPath, 'wx'); // wx: never reuse a file someone else created
  try {
    await handle.writeFile(bytes);
    await handle.sync(); // the data must be on disk before the rename makes it visible
  } finally {
    await handle.close();
  }
}

/** One sentence for a failed write, naming the folder when the folder is the problem. */
export function outputError(path: string, error: unknown): DvarError {
  if (error instanceof DvarError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const dir = dirname(path);
  const fail = (message: string) => new DvarError('OUTPUT_UNWRITABLE', message, { cause: error });
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new DvarError('DISK_FULL', `The disk holding ${dir} is full; free some space and try again.`, { cause: error });
    case 'ENOENT':
      return fail(`The output folder ${dir} does not exist; create it or choose another folder.`);
    case 'ENOTDIR':
      return fail(`The output folder ${dir} is not a folder; choose another output folder.`);
    case 'EACCES':
    case 'EPERM':
      return fail(`Cannot write to the folder ${dir} (permission denied); choose another output folder.`);
    case 'EROFS':
      return fail(`The folder ${dir} is on a read-only disk; choose another output folder.`);
    case 'EISDIR':
      return fail(`${path} is a folder, and a folder is never replaced by a result; choose another output name or folder.`);
    default:
      return fail(`Cannot write ${path} (${code ?? (error instanceof Error ? error.message : String(error))}).`);
  }
}

function exists(path: string): DvarError {
  return new DvarError('OUTPUT_EXISTS', `${path} already exists and was not overwritten.`);
}

/**
 * Fails early, before any expensive work, when the target cannot be written: missing folder, a file
 * where the folder should be, no write permission, a folder at the output's name, or an existing file
 * without `overwrite`.
 */
export async function checkOutputTarget(path: string, overwrite: boolean): Promise<void> {
  const dir = dirname(path);
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw outputError(path, error);
  }
  const existing = await stat(path).catch(() => null);
  // A folder at the output's name is never "an existing output": not skipped, not replaced.
  if (existing?.isDirectory()) throw outputError(path, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
  if (!overwrite && existing) throw exists(path);
}

/** Moves the finished temp file to its real name; without `overwrite`, an existing file wins. */
async function commit(tempPath: string, path: string, overwrite: boolean): Promise<void> {
  if (overwrite) return rename(tempPath, path);
  try {
    // link() refuses to replace an existing name, closing the gap between "check" and "rename".
    await link(tempPath, path);
    await unlink(tempPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw exists(path);
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK') {
      if (await stat(path).catch(() => null)) throw exists(path);
      return rename(tempPath, path);
    }
    throw error;
  }
}

/** Makes the rename itself durable; not possible (nor needed) on Windows. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => null);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

export async function writeFileAtomically(path: string, bytes: Uint8Array, options: AtomicWriteOptions): Promise<void> {
  await publishAtomically(path, (tempPath) => (options.writeTemp ?? writeAndSync)(tempPath, bytes), options.overwrite);
}

/**
 * A temp file next to `path` (named like every other, so a later run clears it if this one dies) that
 * the caller writes and removes itself; `release` removes it and forgets it.
 */
export function scratchFileFor(path: string): { path: string; release: () => Promise<void> } {
  const scratch = tempPathFor(path);
  pendingTempFiles.add(scratch);
  return {
    path: scratch,
    release: async () => {
      await rm(scratch, { force: true }).catch(() => undefined);
      pendingTempFiles.delete(scratch);
    },
  };
}

/**
 * Publishes a file `produce` writes (and flushes) at the temp path it is given: renamed into place
 * only when complete, removed on any failure. Errors from `produce` that are DvarErrors pass through.
 */
export async function publishAtomically(path: string, produce: (tempPath: string) => Promise<void>, overwrite: boolean): Promise<void> {
  const tempPath = tempPathFor(path);
  pendingTempFiles.add(tempPath);
  try {
    await produce(tempPath);
    await commit(tempPath, path, overwrite);
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => undefined);
    throw outputError(path, error);
  } finally {
    pendingTempFiles.delete(tempPath);
  }
  await syncFolder(dirname(path));
}

/** Flushes a file something else wrote (sharp's toFile) to disk before it is renamed into place. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
