// A photo or result whose own bytes leave the app (the web host's /download and Download all, the
// desktop's zip of the results) is checked when it is read, not only when it was added: since then the
// file may have been replaced by a link to another file, a FIFO, or anything else. The path's last part
// must not be a link, the file must be a regular file, and its first bytes must be those of a photo
// format. The bytes sent come from the handle checked.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

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

/** A photo file opened and checked: read its bytes from `handle`, no more than `size`. */
export interface OpenedPhoto {
  handle: FileHandle;
  size: number;
  modified: Date;
}

/** An open handle on the photo at `path`, or null when what is there now is no photo file. */
export async function openPhotoForDownload(path: string): Promise<OpenedPhoto | null> {
  const handle = await open(path, OPEN_FLAGS).catch(() => null); // ELOOP: the last part is a link now
  if (!handle) return null;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return await close(handle);
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    if (photoFormatOfHead(head.subarray(0, bytesRead)) === null) return await close(handle);
    return { handle, size: info.size, modified: info.mtime };
  } catch (error) {
    await close(handle);
    throw error;
  }
}

async function close(handle: FileHandle): Promise<null> {
  await handle.close().catch(() => undefined);
  return null;
}
