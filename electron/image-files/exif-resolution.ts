// A print's resolution in the EXIF block an output carries. libvips takes a file's resolution from its
// EXIF block when it has one (over a PNG's pHYs) and writes the block's resolution back from it, so a
// camera's "72 DPI" carried from the original would otherwise overrule the print's DPI. IFD0's
// XResolution and YResolution (RATIONAL) become dpi/1 and ResolutionUnit (SHORT) inches; a block
// without these tags stays as it is (libvips then writes the resolution it read from pHYs).
import { EXIF_TYPE, exifTiffBody, ifd0Of } from './exif-ifd0.ts';

const X_RESOLUTION = 0x011a;
const Y_RESOLUTION = 0x011b;
const RESOLUTION_UNIT = 0x0128;
const INCHES = 2;

/** A copy of the EXIF block saying `dpi` dots per inch (a whole number). */
export function setExifResolution(exif: Buffer, dpi: number): Buffer {
  const copy = Buffer.from(exif);
  const tiff = exifTiffBody(copy);
  const ifd0 = ifd0Of(tiff);
  for (const entry of ifd0?.entries ?? []) {
    const { access } = ifd0!;
    if ((entry.tag === X_RESOLUTION || entry.tag === Y_RESOLUTION) && entry.type === EXIF_TYPE.RATIONAL) {
      // A RATIONAL is 8 bytes, so the value field holds the offset of numerator and denominator.
      const at = access.u32(entry.valueAt);
      if (at + 8 > tiff.length) continue;
      access.setU32(at, Math.round(dpi));
      access.setU32(at + 4, 1);
    }
    if (entry.tag === RESOLUTION_UNIT && entry.type === EXIF_TYPE.SHORT) access.setU16(entry.valueAt, INCHES);
  }
  return copy;
}
