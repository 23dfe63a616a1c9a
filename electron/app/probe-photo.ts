// The one gate a path passes before the host shows it, queues it or restores it: the file exists,
// and sharp recognises its content (not its name) as one of the photo formats, within the engine's
// size limit. A text file named .png, an SVG, HTML or a decompression bomb never gets further, nor
// does a JPEG cut short (jpeg-complete.ts), which would otherwise be listed and fail only when
// restored. A photo of several frames is accepted with a warning: only its first frame is restored.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { MAX_INPUT_PIXELS, onlyFirstFrameWarning } from '../image-files/index.ts';
import type { FileEntry } from '../ipc/contract.ts';
import { HostError } from './host-error.ts';
import { isCompleteJpeg } from './jpeg-complete.ts';
import { isPhotoFormat } from './photo-decoders.ts';

const READABLE = 'JPEG, PNG, WebP, TIFF, GIF or AVIF';

/** Size as shown (EXIF orientation applied) from the header, or one sentence on why it is no photo to restore. */
export async function probePhoto(path: string): Promise<FileEntry> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new HostError('NOT_FOUND', `${path} does not exist; check the path.`);
  if (info.isDirectory()) throw new HostError('INVALID_REQUEST', `${path} is a folder, not an image file.`);
  if (!info.isFile()) throw new HostError('INVALID_REQUEST', `${path} is not a regular file, so it is no photo.`);
  let meta: Metadata | null = null;
  try {
    meta = await sharp(path, { limitInputPixels: false }).metadata();
  } catch {
    // Unreadable, or a format whose decoder the host blocks (photo-decoders.ts).
  }
  if (!meta || !isPhotoFormat(meta.format)) throw new HostError('INVALID_REQUEST', `${path} is not an image DVAR Studio can read (use ${READABLE}).`);
  const { width, height } = meta.autoOrient ?? meta;
  if (width * height > MAX_INPUT_PIXELS) {
    throw new HostError(
      'INVALID_REQUEST',
      `${path} is ${width}×${height} (${Math.round((width * height) / 1e6)} MP); DVAR Studio accepts photos up to ${MAX_INPUT_PIXELS / 1e6} MP.`,
    );
  }
  if (meta.format === 'jpeg' && !(await isCompleteJpeg(path))) {
    throw new HostError('INVALID_REQUEST', `${path} is damaged or truncated (its JPEG data ends early), so it cannot be restored.`);
  }
  const name = basename(path);
  const warning = onlyFirstFrameWarning(name, meta.format, meta.pages);
  return { path, name, width, height, bytes: info.size, ...(warning ? { warning } : {}) };
}
