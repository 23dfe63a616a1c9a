// sharp can only keep metadata that came in with its input, and our input is raw pixels. So the writer
// first encodes an uncompressed PNG, splices the original's ICC/EXIF/XMP into it as standard chunks
// (iCCP, eXIf, iTXt XML:com.adobe.xmp), and lets sharp read that PNG with keepMetadata(): libvips then
// writes the blocks the way each output format wants them. A print's resolution travels the same way,
// as pHYs: libvips reads it as the image's resolution, which the PNG, JPEG and WebP encoders write on
// (TIFF takes it from applyFormat; sharp's own density option would convert the pixels to sRGB, which
// would break the original's profile that the output carries).
import { crc32, deflateSync } from 'node:zlib';
import { exifTiffBody } from './exif-ifd0.ts';

export interface PngMetadata {
  icc?: Buffer;
  exif?: Buffer;
  xmp?: Buffer;
  /** Dots per inch, for prints; absent: no resolution chunk. */
  density?: number;
}

const METRES_PER_INCH = 0.0254;
const PHYS_UNIT_METRE = 1;

const PNG_SIGNATURE_BYTES = 8;
const IHDR_CHUNK_BYTES = 4 + 4 + 13 + 4; // length, type, fixed 13-byte body, CRC

/** One PNG chunk: length, type, body, CRC. */
export function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** Inserts the metadata chunks right after IHDR (the PNG spec requires iCCP before IDAT). */
export function embedPngMetadata(png: Buffer, meta: PngMetadata): Buffer {
  const split = PNG_SIGNATURE_BYTES + IHDR_CHUNK_BYTES;
  return Buffer.concat([png.subarray(0, split), ...metadataChunks(meta), png.subarray(split)]);
}

/** The iCCP, eXIf and iTXt chunks that carry `meta` (none for an empty one). */
export function metadataChunks(meta: PngMetadata): Buffer[] {
  const chunk = pngChunk;
  const chunks: Buffer[] = [];
  if (meta.icc) {
    // keyword, NUL, compression method 0 (zlib), compressed profile
    chunks.push(chunk('iCCP', Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync(meta.icc)])));
  }
  if (meta.exif) chunks.push(chunk('eXIf', exifTiffBody(meta.exif)));
  if (meta.xmp) {
    // keyword, NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL
    chunks.push(chunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), meta.xmp])));
  }
  if (meta.density) {
    // pixels per metre across and down, then the unit
    const body = Buffer.alloc(9);
    const perMetre = Math.round(meta.density / METRES_PER_INCH);
    body.writeUInt32BE(perMetre, 0);
    body.writeUInt32BE(perMetre, 4);
    body.writeUInt8(PHYS_UNIT_METRE, 8);
    chunks.push(chunk('pHYs', body));
  }
  return chunks;
}

/** The colour space an ICC profile describes (header bytes 16..19): 'RGB ', 'GRAY', 'CMYK'... */
export function iccColourSpace(icc: Buffer): string {
  return icc.length >= 20 ? icc.toString('latin1', 16, 20) : '';
}
