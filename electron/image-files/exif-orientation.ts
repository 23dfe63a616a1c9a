// The writer stores pixels already rotated upright, so a carried EXIF block must say "orientation 1",
// or viewers would rotate the output a second time. We patch the one SHORT in IFD0 (exif-ifd0.ts).
import { EXIF_TYPE, exifTiffBody, ifd0Of } from './exif-ifd0.ts';

const ORIENTATION_TAG = 0x0112;

/**
 * Returns a copy of the EXIF block with IFD0's Orientation set to 1 (top-left). Blocks without the
 * tag are returned unchanged; malformed blocks are returned unchanged too (libvips re-validates them).
 */
export function resetExifOrientation(exif: Buffer): Buffer {
  const copy = Buffer.from(exif);
  const ifd0 = ifd0Of(exifTiffBody(copy));
  for (const entry of ifd0?.entries ?? []) {
    // A single SHORT lives in the first two bytes of the entry's value field.
    if (entry.tag === ORIENTATION_TAG && entry.type === EXIF_TYPE.SHORT) ifd0!.access.setU16(entry.valueAt, 1);
  }
  return copy;
}
