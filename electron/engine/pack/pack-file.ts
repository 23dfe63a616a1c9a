// The one way a file of a model pack is read. A pack folder comes from anywhere (a download, a copy
// from someone else), so each file must be a regular file whose real path is inside the pack's real
// folder, of bounded size: a symlinked card.md would otherwise hand any text file to the UI, and a
// FIFO or device would block a file-system thread forever. Files are opened non-blocking (a FIFO
// opens at once and is refused by its type) and every step has a time-out.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DvarError } from '../errors.ts';

const KIB = 1024;
const MIB = 1024 * KIB;

/** Upper bounds per kind of pack file: far above any real pack, far below "read the whole disk". */
export const PACK_FILE_LIMITS = {
  manifest: 1 * MIB,
  card: 256 * KIB,
  /** Graphs and their weights (a protobuf graph stops at 2 GiB; external weights may be larger). */
  graph: 8 * 1024 * MIB,
} as const;

/** No single open, stat or read of a pack file may take longer (a hung network share, say). */
export const PACK_READ_TIMEOUT_MS = 10_000;

const CHUNK_BYTES = 4 * MIB;
// Windows has neither flag and no FIFOs that open() could block on.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

function refuse(message: string, file: string, dir: string): DvarError {
  return new DvarError('PACK_INVALID', message, { params: { dir, file } });
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function bytesWords(bytes: number): string {
  return bytes >= MIB ? `${Math.round(bytes / MIB)} MiB` : `${Math.round(bytes / KIB)} KiB`;
}

async function timed<T>(work: Promise<T>, file: string, dir: string, onLate?: (value: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      work.then(onLate, () => undefined); // whatever arrives after we gave up is released, not leaked
      reject(refuse(`Reading ${file} of model pack ${dir} took longer than ${PACK_READ_TIMEOUT_MS / 1000} s, so the pack is not used.`, file, dir));
    }, PACK_READ_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface OpenedPackFile {
  /** The file's real path (inside the pack's real folder). */
  path: string;
  size: number;
  handle: FileHandle;
}

/**
 * Opens `file` (relative to the pack folder `dir`) after the checks above; null when it does not
 * exist, a DvarError('PACK_INVALID') with one sentence when it is refused. The caller closes it.
 */
export async function openPackFile(dir: string, file: string, maxBytes: number): Promise<OpenedPackFile | null> {
  const root = await timed(realpath(dir), file, dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error instanceof DvarError ? error : refuse(`Model pack folder ${dir} cannot be read (${error.code ?? error.message}).`, file, dir);
  });
  if (root === null) return null;
  const asked = resolve(root, file);
  if (!isInside(root, asked)) throw refuse(`Model pack ${dir} names ${file}, which is outside the pack folder.`, file, dir);
  let real: string;
  try {
    real = await timed(realpath(asked), file, dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error instanceof DvarError
      ? error
      : refuse(`${file} of model pack ${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, file, dir);
  }
  if (!isInside(root, real)) {
    throw refuse(`${file} of model pack ${dir} is a link to ${real}, outside the pack folder; a pack may only use its own files.`, file, dir);
  }
  let handle: FileHandle;
  try {
    handle = await timed(open(real, OPEN_FLAGS), file, dir, (late) => void late.close());
  } catch (error) {
    if (error instanceof DvarError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw refuse(`${file} of model pack ${dir} was replaced by a link while it was read; a pack may only use its own files.`, file, dir);
    throw refuse(`${file} of model pack ${dir} cannot be read (${code ?? (error as Error).message}).`, file, dir);
  }
  try {
    const info = await timed(handle.stat(), file, dir);
    if (!info.isFile()) {
      const what = info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a FIFO (named pipe)' : 'a device or socket';
      throw refuse(`${file} of model pack ${dir} is ${what}, not a regular file, so the pack is not used.`, file, dir);
    }
    if (info.size > maxBytes) {
      throw refuse(
        `${file} of model pack ${dir} is ${info.size.toLocaleString('en-US')} bytes, more than the ${bytesWords(maxBytes)} such a file may have.`,
        file,
        dir,
      );
    }
    return { path: real, size: info.size, handle };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Every chunk of an opened pack file, each read under the time-out. */
async function* chunksOf(opened: OpenedPackFile, dir: string, file: string): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(opened.size, 1)));
  // Read at most the size checked when opening: a file that grows meanwhile cannot get past the bound.
  for (let position = 0; position < opened.size;) {
    const { bytesRead } = await timed(opened.handle.read(buffer, 0, Math.min(buffer.length, opened.size - position), position), file, dir);
    if (bytesRead === 0) break;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** The UTF-8 text of a pack file, or null when it does not exist. */
export async function readPackText(dir: string, file: string, maxBytes: number): Promise<string | null> {
  const opened = await openPackFile(dir, file, maxBytes);
  if (!opened) return null;
  try {
    const parts: Buffer[] = [];
    for await (const chunk of chunksOf(opened, dir, file)) parts.push(Buffer.from(chunk));
    return Buffer.concat(parts).toString('utf8');
  } finally {
    await opened.handle.close();
  }
}

/** The sha256 (hex) and real path of a pack file, or null when it does not exist. */
export async function hashPackFile(dir: string, file: string, maxBytes: number): Promise<{ path: string; sha256: string } | null> {
  const opened = await openPackFile(dir, file, maxBytes);
  if (!opened) return null;
  try {
    const hash = createHash('sha256');
    for await (const chunk of chunksOf(opened, dir, file)) hash.update(chunk);
    return { path: opened.path, sha256: hash.digest('hex') };
  } finally {
    await opened.handle.close();
  }
}
