// Photos on their way to a browser view (the web host's /image route, Electron's dvar-image: scheme).
// A file's own bytes are never handed out: each one is decoded as a photo (photo-decoders.ts refuses
// SVG, HTML, text...) and re-encoded as a PNG with EXIF orientation applied, so whatever a file holds,
// what leaves is pixels. PNG because it is lossless (the compare view must show the original as it is)
// and every browser shows it; TIFF and HEIF, which Chromium cannot show, need no special case.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { MAX_INPUT_PIXELS } from '../image-files/index.ts';
import { isPhotoFormat } from './photo-decoders.ts';

/** Outputs are ×4 of inputs up to MAX_INPUT_PIXELS; nothing larger is decoded for a view. */
export const MAX_SERVED_PIXELS = 16 * MAX_INPUT_PIXELS;

/**
 * Headers of every image response. Our own Content-Type and nosniff, so no browser guesses a document;
 * a sandbox CSP, so even a response opened as a page runs nothing and loads nothing.
 */
export const IMAGE_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'image/png',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "sandbox; default-src 'none'",
};

export class NotAPhotoError extends Error {}

/** The photo at `file` as a PNG, or NotAPhotoError when its content is not a photo format. */
export async function encodeForBrowser(file: string): Promise<Buffer> {
  // Reading the bytes ourselves keeps sharp's file cache from serving a stale decode of a rewritten output.
  const bytes = await readFile(file);
  const image = sharp(bytes, { limitInputPixels: MAX_SERVED_PIXELS });
  let format: string | undefined;
  try {
    format = (await image.metadata()).format;
  } catch {
    throw new NotAPhotoError(`${file} is not a photo.`);
  }
  if (!isPhotoFormat(format)) throw new NotAPhotoError(`${file} is not a photo.`);
  return image.rotate().png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
}
