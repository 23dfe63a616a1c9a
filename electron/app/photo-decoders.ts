// Which image decoders the host lets sharp (libvips) use. libvips also reads SVG (through librsvg,
// which follows links to other files), CSV and matrix text, and its own .v format: none is a photo,
// and every one turns a file that is not a photo into pixels a browser could be shown. The host allows
// exactly the photo formats the engine restores; the block is process-wide, so it covers the engine
// worker too (the CLI, a separate process, keeps libvips' defaults).
import sharp from 'sharp';

/** sharp's format ids (Metadata.format) of the photos DVAR Studio opens. */
export const PHOTO_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif']);

/** The libvips loader classes behind PHOTO_FORMATS (each covers its file, buffer and stream variants). */
const PHOTO_LOADERS = [
  'VipsForeignLoadJpeg',
  'VipsForeignLoadPng',
  'VipsForeignLoadWebp',
  'VipsForeignLoadTiff',
  'VipsForeignLoadNsgif',
  'VipsForeignLoadHeif',
];

export function isPhotoFormat(format: string | undefined): boolean {
  return format !== undefined && PHOTO_FORMATS.has(format);
}

/** Blocks every libvips loader except the photo ones. Idempotent. */
export function allowOnlyPhotoDecoders(): void {
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({ operation: PHOTO_LOADERS });
}
