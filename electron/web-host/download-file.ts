// GET /download hands out a file's own bytes, so what is at the path is checked when it is served, not
// only when the photo was added: since then the file may have been replaced by a link to another file,
// a FIFO, or anything else. The path's last part must not be a link, the file must be a regular file,
// and its first bytes must be those of a photo format. The bytes sent come from the handle checked.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

// Windows has neither flag; there a link is followed, and the content check below still applies.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
const HEAD_BYTES = 16;

const ascii = (head: Buffer, at: number, text: string) => head.toString('latin1', at, at + text.length) === text;

/** The photo format the first bytes announce (the formats photo-decoders.ts allows), or null. */
export function photoFormatOfHead(head: Buffer): string | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (ascii(head, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'webp';
  if (ascii(head, 0, 'II*\0') || ascii(head, 0, 'MM\0*') || ascii(head, 0, 'II+\0') || ascii(head, 0, 'MM\0+')) return 'tiff';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'gif';
  if (ascii(head, 4, 'ftyp')) return 'heif'; // AVIF and HEIC
  return null;
}

/** An open handle on the photo at `path` and its size, or null when what is there now is no photo file. */
export async function openPhotoForDownload(path: string): Promise<{ handle: FileHandle; size: number } | null> {
  const handle = await open(path, OPEN_FLAGS).catch(() => null); // ELOOP: the last part is a link now
  if (!handle) return null;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return await close(handle);
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    if (photoFormatOfHead(head.subarray(0, bytesRead)) === null) return await close(handle);
    return { handle, size: info.size };
  } catch (error) {
    await close(handle);
    throw error;
  }
}

/** Sends the checked file's bytes (no more than the size it had when checked) and closes it. */
export function sendOpenedPhoto(res: ServerResponse, opened: { handle: FileHandle; size: number }, headers: Record<string, string>): void {
  res.writeHead(200, { 'content-length': String(opened.size), 'x-content-type-options': 'nosniff', ...headers });
  const stream = opened.handle.createReadStream({ start: 0, end: Math.max(opened.size - 1, 0), autoClose: true });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

async function close(handle: FileHandle): Promise<null> {
  await handle.close().catch(() => undefined);
  return null;
}
