// Decodes a photo file into what the engine restores (planar float RGB) plus everything the writer
// needs to give the result back in the original's terms: alpha, bit depth, gray, ICC profile, metadata.
import { readFile, stat } from 'node:fs/promises';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { DvarError } from '../engine/definitions.ts';
import type { FloatImage } from '../engine/definitions.ts';
import { bufferAsUint16, interleavedToPlanar, type BitDepth } from './float-pixels.ts';

/** Inputs above this many pixels are refused: ×4 of them would not fit any reasonable memory. */
export const MAX_INPUT_PIXELS = 100_000_000;

/** sharp's format ids we accept, with the names users know them by. */
const READABLE_FORMATS: Record<string, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  tiff: 'TIFF',
  gif: 'GIF',
  heif: 'AVIF/HEIF',
};
const READABLE_LIST = 'JPEG, PNG, WebP, TIFF, GIF or AVIF';

/** Metadata blocks carried from the original to the output, as sharp reads them. */
export interface CarriedMetadata {
  exif?: Buffer;
  xmp?: Buffer;
  /** Read for completeness; our writer does not re-embed IPTC (XMP normally mirrors it). */
  iptc?: Buffer;
}

export interface DecodedImage {
  /** EXIF orientation applied, grayscale expanded to RGB, CMYK converted to sRGB. */
  rgb: FloatImage;
  /** The alpha plane (same size as `rgb`), or null for opaque formats and images. */
  alpha: Float32Array | null;
  /** 16 for any deeper-than-8-bit source (16-bit PNG/TIFF, float TIFF), so outputs can keep the precision. */
  bitDepth: BitDepth;
  /** sharp's format id: jpeg, png, webp, tiff, gif, heif. */
  sourceFormat: string;
  hasAlpha: boolean;
  isGray: boolean;
  /**
   * The input's ICC profile. Pixels stay in the input's own RGB space (no conversion to sRGB), so the
   * writer attaches this profile to make the output look like the original. Undefined for CMYK inputs,
   * whose pixels are converted to sRGB, and for untagged images.
   */
  icc: Buffer | undefined;
  metadata: CarriedMetadata;
  /** Frames or pages in the file (an animated GIF, a multi-page TIFF; absent: one); only the first is decoded. */
  frames?: number;
}

function invalid(path: string, what: string, cause?: unknown): DvarError {
  return new DvarError('INPUT_INVALID', `${path} ${what}`, { cause });
}

async function readBytes(path: string): Promise<Buffer> {
  // Reading the bytes ourselves (instead of handing sharp the path) gives plain fs error codes and
  // keeps sharp's file cache from serving a stale decode of a file that changed since.
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw invalid(path, 'is a folder, not an image file.');
    if (info.size === 0) throw invalid(path, 'is empty (0 bytes); it is not an image.');
    return await readFile(path);
  } catch (error) {
    if (error instanceof DvarError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new DvarError('INPUT_UNREADABLE', `${path} does not exist; check the path.`, { cause: error });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new DvarError('INPUT_UNREADABLE', `${path} cannot be read: permission denied.`, { cause: error });
    }
    if (code === 'ERR_FS_FILE_TOO_LARGE') throw invalid(path, 'is too large to read (over 2 GB).', error);
    throw new DvarError('INPUT_UNREADABLE', `${path} cannot be read (${code ?? String(error)}).`, { cause: error });
  }
}

/** Turns a sharp/libvips decode failure into one sentence about the file. */
function decodeError(path: string, error: unknown): DvarError {
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format/i.test(message)) {
    return invalid(path, `is not an image DVAR Studio can read (use ${READABLE_LIST}).`, error);
  }
  if (/pixel limit/i.test(message)) {
    return invalid(path, `is larger than ${MAX_INPUT_PIXELS / 1e6} megapixels, the most DVAR Studio accepts.`, error);
  }
  return invalid(path, 'is damaged or truncated and cannot be decoded.', error);
}

export async function readImage(path: string): Promise<DecodedImage> {
  const bytes = await readBytes(path);
  // failOn 'error': refuse truncated or corrupt data, but tolerate the harmless warnings many camera
  // and scanner files trigger.
  const open = (limitInputPixels: number | false) => sharp(bytes, { failOn: 'error', limitInputPixels });

  let meta: Metadata;
  try {
    // No pixel limit while reading the header, so an oversized image gets a message with its size.
    meta = await open(false).metadata();
  } catch (error) {
    throw decodeError(path, error);
  }
  const formatName = READABLE_FORMATS[meta.format ?? ''];
  if (!formatName) {
    throw invalid(path, `is a ${(meta.format ?? 'unknown').toUpperCase()} file; DVAR Studio reads ${READABLE_LIST}.`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS) {
    const mp = (pixels / 1e6).toFixed(0);
    throw invalid(path, `is ${meta.width}×${meta.height} (${mp} MP); DVAR Studio accepts inputs up to ${MAX_INPUT_PIXELS / 1e6} MP.`);
  }

  const cmyk = meta.space === 'cmyk';
  const bitDepth: BitDepth = meta.depth === 'uchar' || meta.depth === 'char' ? 8 : 16;
  let pipeline = open(MAX_INPUT_PIXELS).rotate(); // applies EXIF orientation; the pixels are upright from here on
  // keepIccProfile stops sharp from converting tagged RGB to sRGB (or P3 for 16-bit): we restore the
  // original's own values and re-attach its profile. CMYK has no RGB values to keep, so sharp
  // converts it to sRGB with its embedded (or a generic) profile.
  if (!cmyk) pipeline = pipeline.keepIccProfile();
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await pipeline
      .toColourspace(bitDepth === 16 ? 'rgb16' : 'srgb') // gray → RGB, 16-bit kept
      .raw({ depth: bitDepth === 16 ? 'ushort' : 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw decodeError(path, error);
  }
  const { data, info } = decoded;
  if (info.channels !== 3 && info.channels !== 4) {
    throw invalid(path, `has ${info.channels} colour channels; DVAR Studio reads RGB, RGBA and grayscale images.`);
  }
  const samples = bitDepth === 16 ? bufferAsUint16(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const { rgb, alpha } = interleavedToPlanar(samples, info.width, info.height, info.channels);
  return {
    rgb,
    alpha,
    bitDepth,
    sourceFormat: meta.format,
    hasAlpha: alpha !== null,
    isGray: meta.space === 'b-w' || meta.space === 'grey16',
    icc: cmyk ? undefined : meta.icc,
    metadata: { exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc },
    frames: meta.pages ?? 1,
  };
}
