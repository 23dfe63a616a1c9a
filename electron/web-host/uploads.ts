// Photos sent by the browser (POST /upload): the web host has no other way to receive a photo from a
// page, which cannot name paths. What arrives is untrusted bytes with an untrusted name, so it is
// written under a random temporary name, refused past MAX_UPLOAD_BYTES, decoded in full as a photo
// (probePhoto, then a complete decode: truncated or hostile bytes fail here, not later), and only then
// linked into this session's upload folder (`<dataDir>/uploads/<session>/`) under a sanitised name
// that never replaces an existing file, and named in the folder's ledger, so that pruning
// (upload-pruning.ts) later removes the copies and nothing else. The route's own checks (token, Fetch Metadata, Origin) are in
// server.ts; docs/security.md lists them.
import { createWriteStream } from 'node:fs';
import { link, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { basename, dirname, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import sharp from 'sharp';
import { probePhoto } from '../app/probe-photo.ts';
import { makePrivateDirAsync, PRIVATE_FILE_MODE } from '../app/private-files.ts';
import { partialUploadName, recordUpload, uploadSessionName } from './upload-pruning.ts';

/** The largest photo a page may send: far above any camera file, far below the machine's memory. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
const MAX_NAME_CHARS = 120;
const EXTENSION_OF_FORMAT: Record<string, string> = { jpeg: '.jpg', png: '.png', webp: '.webp', tiff: '.tif', gif: '.gif', heif: '.heic', avif: '.avif' };

/** Why an upload was refused, as the HTTP status and the one sentence the page shows. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A file name safe to create: the last segment of whatever was sent (no folders, no `..`), letters of
 * any script, digits, space, `.`, `_`, `-`, `(` and `)` kept, anything else `_`, no leading dot, at most
 * MAX_NAME_CHARS, never empty or a Windows device name.
 */
export function safeUploadName(sent: string): string {
  const last = sent.normalize('NFC').split(/[\\/]/).pop() ?? '';
  let name = last
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/^[. ]+/, '')
    .trim();
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name)) name = `_${name}`;
  const extension = extname(name).slice(0, 10);
  const stem = name.slice(0, name.length - extname(name).length).slice(0, MAX_NAME_CHARS - extension.length);
  return stem ? `${stem}${extension}` : `photo${extension}`;
}

/** `name` with the extension of the format its content turned out to be (a PNG sent as .jpg becomes .png). */
function withFormatExtension(name: string, format: string): string {
  const extension = EXTENSION_OF_FORMAT[format] ?? '';
  const current = extname(name).toLowerCase();
  const same =
    current === extension ||
    (extension === '.jpg' && current === '.jpeg') ||
    (extension === '.tif' && current === '.tiff') ||
    (extension === '.heic' && current === '.heif');
  return same ? name : `${name.slice(0, name.length - extname(name).length)}${extension}`;
}

export class UploadFolder {
  /** One folder per start of the web host, so sessions never mix and a name is rarely taken. */
  readonly dir: string;

  constructor(
    dataDir: string,
    readonly maxBytes = MAX_UPLOAD_BYTES,
  ) {
    this.dir = join(dataDir, 'uploads', uploadSessionName());
  }

  /** Stores the request's body as a photo and returns its path; throws UploadRefused with the reason. */
  async receive(req: IncomingMessage, sentName: string): Promise<string> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) throw tooLarge(sentName, this.maxBytes);
    // Copies of the user's photos: 0700 folders, 0600 files (private-files.ts).
    await makePrivateDirAsync(dirname(this.dir));
    await makePrivateDirAsync(this.dir);
    const temp = join(this.dir, partialUploadName());
    try {
      let received = 0;
      const maxBytes = this.maxBytes;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          done(received > maxBytes ? tooLarge(sentName, maxBytes) : null, chunk);
        },
      });
      await pipeline(req, counter, createWriteStream(temp, { flags: 'wx', mode: PRIVATE_FILE_MODE }));
      if (received === 0) throw new UploadRefused(400, `${safeUploadName(sentName)} is empty, so it is no photo.`);
      const format = await checkPhoto(temp, sentName);
      return await this.#place(temp, withFormatExtension(safeUploadName(sentName), format));
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Links the checked file in under `name`, or `name (2)`, `name (3)`… : an existing file is never replaced. */
  async #place(temp: string, name: string): Promise<string> {
    const extension = extname(name);
    const stem = name.slice(0, name.length - extension.length);
    for (let n = 1; n < 10_000; n++) {
      const target = join(this.dir, n === 1 ? name : `${stem} (${n})${extension}`);
      try {
        await link(temp, target);
        await recordUpload(this.dir, basename(target));
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new UploadRefused(409, `The upload folder already holds too many photos named ${name}; rename the photo and try again.`);
  }
}

function tooLarge(name: string, maxBytes: number): UploadRefused {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes} bytes`;
  return new UploadRefused(413, `${safeUploadName(name)} is larger than ${limit}, more than DVAR Studio accepts from a browser; open it by its path instead.`);
}

/** The probe every opened photo passes, then a full decode: returns the format its content has. */
async function checkPhoto(path: string, sentName: string): Promise<string> {
  const shown = safeUploadName(sentName);
  try {
    await probePhoto(path);
    const { info } = await sharp(path).resize(32, 32, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    const format = (await sharp(path).metadata()).format;
    if (!info.width || !format) throw new Error('empty');
    return format;
  } catch (error) {
    const why = error instanceof Error && / MP\b/.test(error.message) ? ' It has more pixels than DVAR Studio accepts.' : '';
    throw new UploadRefused(415, `${shown} is not a photo DVAR Studio can read (use JPEG, PNG, WebP, TIFF, GIF or AVIF).${why}`);
  }
}
