// Encodes a restored image and writes it atomically, carrying the original's colour profile and
// metadata, so the output opens looking like the original (only larger and cleaner).
import { readFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { DvarError } from '../engine/definitions.ts';
import type { FloatImage } from '../engine/definitions.ts';
import { flattenOnWhite } from './alpha.ts';
import { checkOutputTarget, writeFileAtomically, type AtomicWriteOptions } from './atomic-write.ts';
import { resetExifOrientation } from './exif-orientation.ts';
import { setExifResolution } from './exif-resolution.ts';
import { planarToInterleaved, type BitDepth } from './float-pixels.ts';
import { checkReplaceable, withDvarMarker } from './output-marker.ts';
import { embedPngMetadata, iccColourSpace, type PngMetadata } from './png-metadata.ts';
import type { CarriedMetadata } from './read-image.ts';

export type OutputFormat = 'png' | 'jpg' | 'webp' | 'tiff';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['png', 'jpg', 'webp', 'tiff'];

/** Restoration is about fine detail, so lossy defaults are high (and JPEG keeps full-resolution chroma). */
export const DEFAULT_QUALITY = 92;

const MM_PER_INCH = 25.4;

/** Largest side each format can store; checked before hours of restoring, not after. */
const MAX_SIDE: Record<OutputFormat, number> = { png: 2 ** 31 - 1, tiff: 2 ** 31 - 1, jpg: 65535, webp: 16383 };

export interface ImageToWrite {
  rgb: FloatImage;
  alpha: Float32Array | null;
}

export interface WriteImageOptions {
  format: OutputFormat;
  /** 1..100 for jpg and webp; ignored by png and tiff. */
  quality?: number;
  /** 16: png and tiff keep 16 bits (a 16-bit original's precision, or the restored gradations); jpg and webp are always 8-bit. */
  bitDepth: BitDepth;
  /** Dots per inch written into the file for prints (PNG pHYs, JPEG JFIF, TIFF and EXIF resolution); absent: none added. */
  density?: number;
  /** Write one gray channel (for grayscale originals). */
  gray: boolean;
  /** The original's ICC profile; attached unchanged (pixels are in its space). Dropped if it does not fit gray/colour. */
  icc?: Buffer;
  /** Carry EXIF and XMP from this file (orientation reset to 1: the pixels are already upright). */
  keepMetadataFrom?: string;
  /** The same, for callers that already hold the blocks (from readImage). Takes precedence. */
  metadata?: CarriedMetadata;
  /** Replace an existing output; only one DVAR Studio wrote (output-marker.ts) unless `overwriteAny`. */
  overwrite: boolean;
  /** With `overwrite`: replace whatever file is there, because the user named it. */
  overwriteAny?: boolean;
  /** Replaces the temp-file writer (tests simulate a full disk with it). */
  writeTemp?: AtomicWriteOptions['writeTemp'];
}

/** Refuses sizes a format cannot hold, e.g. WebP beyond 16383 px a side. */
export function checkFormatLimits(format: OutputFormat, width: number, height: number): void {
  const max = MAX_SIDE[format];
  if (width > max || height > max) {
    throw new DvarError(
      'OUTPUT_UNWRITABLE',
      `A ${width}×${height} image is too large for ${format.toUpperCase()} (at most ${max} px a side); choose PNG or TIFF.`,
    );
  }
}

async function metadataFrom(sourcePath: string): Promise<CarriedMetadata> {
  // Best effort: the original was readable moments ago; if it is gone now, an output without EXIF is
  // better than throwing away a finished restoration.
  try {
    const meta = await sharp(await readFile(sourcePath)).metadata();
    return { exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc };
  } catch {
    return {};
  }
}

/** `density`: dots per inch for TIFF, whose encoder in sharp writes its own resolution (25.4 DPI) otherwise. */
export function applyFormat(pipeline: Sharp, format: OutputFormat, quality: number | undefined, density?: number): Sharp {
  switch (format) {
    case 'png':
      return pipeline.png({ compressionLevel: 6 });
    case 'jpg':
      return pipeline.jpeg({ quality: quality ?? DEFAULT_QUALITY, chromaSubsampling: '4:4:4' });
    case 'webp':
      return pipeline.webp({ quality: quality ?? DEFAULT_QUALITY });
    case 'tiff':
      // sharp's default TIFF compression is JPEG, which would drop 16 bits and alpha; its resolution is in pixels per mm.
      return pipeline.tiff({
        compression: 'deflate',
        predictor: 'horizontal',
        ...(density ? { xres: density / MM_PER_INCH, yres: density / MM_PER_INCH } : {}),
      });
  }
}

/** The bit depth a format stores: lossy formats are always 8-bit. */
export function outputBitDepth(options: Pick<WriteImageOptions, 'format' | 'bitDepth'>): BitDepth {
  return options.format === 'jpg' || options.format === 'webp' ? 8 : options.bitDepth;
}

/** sharp's colour space for the samples written. */
export function colourspaceFor(gray: boolean, bitDepth: BitDepth): string {
  return gray ? (bitDepth === 16 ? 'grey16' : 'b-w') : bitDepth === 16 ? 'rgb16' : 'srgb';
}

/**
 * The blocks the output carries: the ICC profile if it fits gray/colour, EXIF (orientation 1, and the
 * print's resolution when there is one) and XMP with our marker.
 */
export async function outputMetadata(options: WriteImageOptions): Promise<PngMetadata> {
  const carried = options.metadata ?? (options.keepMetadataFrom ? await metadataFrom(options.keepMetadataFrom) : {});
  const upright = carried.exif ? resetExifOrientation(carried.exif) : undefined;
  return {
    icc: options.icc && iccColourSpace(options.icc) === (options.gray ? 'GRAY' : 'RGB ') ? options.icc : undefined,
    exif: upright && options.density ? setExifResolution(upright, options.density) : upright,
    xmp: withDvarMarker(carried.xmp),
    density: options.density,
  };
}

/** Encodes the image into the bytes of the output file. */
export async function encodeImage(image: ImageToWrite, options: WriteImageOptions): Promise<Buffer> {
  const { rgb } = image;
  checkFormatLimits(options.format, rgb.width, rgb.height);
  const bitDepth = outputBitDepth(options);
  const jpegFlatten = options.format === 'jpg' && image.alpha !== null;
  const pixels = planarToInterleaved(jpegFlatten ? flattenOnWhite(rgb, image.alpha!) : rgb, jpegFlatten ? null : image.alpha, {
    bitDepth,
    gray: options.gray,
  });
  const colourspace = colourspaceFor(options.gray, bitDepth);
  const meta = await outputMetadata(options);

  const raw = { width: rgb.width, height: rgb.height, channels: pixels.channels };
  // See png-metadata.ts: an uncompressed PNG is the vehicle that lets sharp keep our metadata (there is
  // always some: the output marker).
  const vehicle = await sharp(pixels.data, { raw, limitInputPixels: false }).toColourspace(colourspace).png({ compressionLevel: 0 }).toBuffer();
  const pipeline = sharp(embedPngMetadata(vehicle, meta), { limitInputPixels: false }).keepMetadata().toColourspace(colourspace);
  return applyFormat(pipeline, options.format, options.quality, options.density).toBuffer();
}

/** checkOutputTarget, and with `overwrite`, that what is there is ours to replace. */
export async function checkWriteTarget(path: string, options: Pick<WriteImageOptions, 'overwrite' | 'overwriteAny'>): Promise<void> {
  await checkOutputTarget(path, options.overwrite);
  if (options.overwrite) await checkReplaceable(path, options.overwriteAny ?? false);
}

/**
 * Writes the image to `path` through a temp file in the same folder and an atomic rename. Never
 * replaces an existing file unless `overwrite` (and then only an earlier output, unless `overwriteAny`);
 * never leaves a partial file behind. Throws DvarError OUTPUT_EXISTS, OUTPUT_UNWRITABLE or DISK_FULL.
 */
export async function writeImage(path: string, image: ImageToWrite, options: WriteImageOptions): Promise<void> {
  await checkWriteTarget(path, options);
  let bytes: Buffer;
  try {
    bytes = await encodeImage(image, options);
  } catch (error) {
    if (error instanceof DvarError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DvarError('RUNTIME', `Encoding ${path} failed (${message}).`, { cause: error });
  }
  if (options.overwrite) await checkReplaceable(path, options.overwriteAny ?? false); // it may have appeared while encoding
  await writeFileAtomically(path, bytes, { overwrite: options.overwrite, writeTemp: options.writeTemp });
}
