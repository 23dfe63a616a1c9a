// The first image directory (IFD0) of an EXIF block, for patching single tags of a carried block in
// place (orientation, resolution): sharp cannot rewrite the tags of a block it did not load itself.
// Malformed blocks give no entries and stay as they are (libvips re-validates what it writes).

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

/** The TIFF structure inside an EXIF block (the part after the optional `Exif\0\0` header). */
export function exifTiffBody(exif: Buffer): Buffer {
  return exif.subarray(0, 6).equals(EXIF_HEADER) ? exif.subarray(6) : exif;
}

export const EXIF_TYPE = { SHORT: 3, RATIONAL: 5 } as const;

export interface Ifd0Entry {
  tag: number;
  type: number;
  /** Where the entry's 4-byte value field starts in the TIFF body (a value or an offset). */
  valueAt: number;
}

/** Reads and writes the TIFF body in its own byte order. */
export interface TiffAccess {
  u16(at: number): number;
  u32(at: number): number;
  setU16(at: number, value: number): void;
  setU32(at: number, value: number): void;
}

/** IFD0's entries of `tiff` (a TIFF body, see exifTiffBody) and access in its byte order; null when malformed. */
export function ifd0Of(tiff: Buffer): { entries: Ifd0Entry[]; access: TiffAccess } | null {
  if (tiff.length < 8) return null;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const access: TiffAccess = {
    u16: (at) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at)),
    u32: (at) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at)),
    setU16: (at, value) => void (little ? tiff.writeUInt16LE(value, at) : tiff.writeUInt16BE(value, at)),
    setU32: (at, value) => void (little ? tiff.writeUInt32LE(value, at) : tiff.writeUInt32BE(value, at)),
  };
  const ifd0 = access.u32(4);
  if (ifd0 + 2 > tiff.length) return null;
  const entries: Ifd0Entry[] = [];
  const count = access.u16(ifd0);
  for (let i = 0; i < count; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (entry + 12 > tiff.length) break;
    entries.push({ tag: access.u16(entry), type: access.u16(entry + 2), valueAt: entry + 8 });
  }
  return { entries, access };
}
