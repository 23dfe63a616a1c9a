// The writer stores pixels already rotated upright, so a carried EXIF block must say "orientation 1",
// or viewers would rotate the output a second time. sharp cannot rewrite the tag of a block it did
// not load itself, so we patch the one SHORT in IFD0 here.

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
const ORIENTATION_TAG = 0x0112;
const TYPE_SHORT = 3;

/** The TIFF structure inside an EXIF block (the part after the optional `Exif\0\0` header). */
export function exifTiffBody(exif: Buffer): Buffer {
  return exif.subarray(0, 6).equals(EXIF_HEADER) ? exif.subarray(6) : exif;
}

/**
 * Returns a copy of the EXIF block with IFD0's Orientation set to 1 (top-left). Blocks without the
 * tag are returned unchanged; malformed blocks are returned unchanged too (libvips re-validates them).
 */
export function resetExifOrientation(exif: Buffer): Buffer {
  const copy = Buffer.from(exif);
  const tiff = exifTiffBody(copy);
  if (tiff.length < 8) return copy;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return copy;
  const little = order === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  if (ifd0 + 2 > tiff.length) return copy;
  const entries = u16(ifd0);
  for (let i = 0; i < entries; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (entry + 12 > tiff.length) break;
    if (u16(entry) === ORIENTATION_TAG && u16(entry + 2) === TYPE_SHORT) {
      // A single SHORT lives in the first two bytes of the entry's value field.
      if (little) tiff.writeUInt16LE(1, entry + 8);
      else tiff.writeUInt16BE(1, entry + 8);
    }
  }
  return copy;
}
