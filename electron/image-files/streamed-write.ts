// Writes an output too large to hold whole: restored rows arrive band by band, are quantized as the
// in-memory writer does (write-image.ts) and appended to an intermediate PNG next to the target (with
// the original's metadata chunks, as the in-memory vehicle has them); libvips then reads that file
// sequentially, resamples it when the output is ×2/×3, and encodes the real format into a temp file
// that is renamed into place only when complete. Memory stays a few bands whatever the output size.
import sharp from 'sharp';
import { DvarError } from '../engine/definitions.ts';
import type { FloatImage } from '../engine/definitions.ts';
import { flattenOnWhite } from './alpha.ts';
import { outputError, publishAtomically, scratchFileFor, syncFile } from './atomic-write.ts';
import { checkReplaceable } from './output-marker.ts';
import { planarToInterleaved, type BitDepth } from './float-pixels.ts';
import { PngStreamWriter } from './png-stream.ts';
import { applyFormat, checkFormatLimits, checkWriteTarget, colourspaceFor, outputBitDepth, outputMetadata, type WriteImageOptions } from './write-image.ts';

/** Restored outputs larger than this are streamed to disk instead of held whole (24 MP: 288 MB of floats). */
export const STREAM_ABOVE_PIXELS = 24_000_000;

/** zlib level of the intermediate file: 1 shrinks it several times over for little time. */
const INTERMEDIATE_LEVEL = 1;

export interface StreamedImageOptions extends Omit<WriteImageOptions, 'writeTemp' | 'keepMetadataFrom'> {
  /** Size of the rows handed to `write` (the restored image). */
  width: number;
  height: number;
  /** The output size when it differs from the rows' (×2, ×3): lanczos3 while encoding, as resample-output.ts. */
  resizeTo?: { width: number; height: number };
  /**
   * The alpha plane as 16-bit samples (alpha.ts resizeAlpha16), or null. At the rows' size it travels
   * with the rows (and JPEG is flattened on white with it, as encodeImage does); at the `resizeTo` size
   * it joins the colour after the resampling, so the colour is resampled as writeImage's is, without
   * alpha weighting (not for JPEG, which flattens before).
   */
  alpha: { width: number; height: number; samples: Uint16Array } | null;
}

/** Where the alpha plane goes: with the rows, joined after the resampling, or nowhere. */
function alphaPlacement(options: StreamedImageOptions): 'rows' | 'joined' | null {
  const { alpha, resizeTo } = options;
  if (!alpha) return null;
  if (alpha.samples.length !== alpha.width * alpha.height) throw new RangeError('The alpha plane does not match its size.');
  if (alpha.width === options.width && alpha.height === options.height) return 'rows';
  if (resizeTo && options.format !== 'jpg' && alpha.width === resizeTo.width && alpha.height === resizeTo.height) return 'joined';
  throw new RangeError(`An alpha plane of ${alpha.width}×${alpha.height} fits neither the rows nor the output.`);
}

function encodingError(path: string, error: unknown): unknown {
  if (error instanceof DvarError || (error as NodeJS.ErrnoException).code) return error; // atomic-write names it
  const message = error instanceof Error ? error.message : String(error);
  if (/no space left/i.test(message)) return Object.assign(new Error(message), { code: 'ENOSPC' });
  return new DvarError('RUNTIME', `Encoding ${path} failed (${message}).`, { cause: error });
}

export class StreamedImageWriter {
  private nextRow = 0;
  private ended = false;

  private constructor(
    readonly path: string,
    private readonly options: StreamedImageOptions,
    private readonly scratch: { path: string; release: () => Promise<void> },
    private readonly png: PngStreamWriter,
    private readonly depth: BitDepth,
  ) {}

  /** Checks the target and the format's limits, then opens the intermediate file. */
  static async open(path: string, options: StreamedImageOptions): Promise<StreamedImageWriter> {
    const final = options.resizeTo ?? options;
    checkFormatLimits(options.format, final.width, final.height);
    await checkWriteTarget(path, options);
    const meta = await outputMetadata(options);
    // Resampled outputs go through 16 bits, as resample-output.ts does, so gradients do not band.
    const depth: BitDepth = options.resizeTo ? 16 : outputBitDepth(options);
    const withAlpha = alphaPlacement(options) === 'rows' && options.format !== 'jpg';
    const channels = ((options.gray ? 1 : 3) + (withAlpha ? 1 : 0)) as 1 | 2 | 3 | 4;
    const scratch = scratchFileFor(path);
    try {
      const png = await PngStreamWriter.create(
        scratch.path,
        { width: options.width, height: options.height, channels, bitDepth: depth },
        meta,
        INTERMEDIATE_LEVEL,
      );
      return new StreamedImageWriter(path, options, scratch, png, depth);
    } catch (error) {
      await scratch.release();
      throw outputError(path, error);
    }
  }

  /** Appends the next rows (planar, full width), which must start where the last ones ended. */
  async write(rows: FloatImage, y: number): Promise<void> {
    const { width, alpha, format, gray } = this.options;
    if (this.ended) throw new Error('StreamedImageWriter.write after finish or abort.');
    if (y !== this.nextRow || rows.width !== width)
      throw new RangeError(`Rows at ${y} (${rows.width} wide) do not continue row ${this.nextRow} of a ${width}-wide image.`);
    const alphaRows =
      alpha && alphaPlacement(this.options) === 'rows'
        ? Float32Array.from(alpha.samples.subarray(y * width, (y + rows.height) * width), (v) => v / 65535)
        : null;
    // JPEG has no alpha: flattened on white, exactly as encodeImage does.
    const flatten = format === 'jpg' && alphaRows !== null;
    const samples = planarToInterleaved(flatten ? flattenOnWhite(rows, alphaRows) : rows, flatten ? null : alphaRows, { bitDepth: this.depth, gray });
    try {
      await this.png.writeRows(samples.data);
    } catch (error) {
      // A full disk while the rows go out is a full disk, not an engine failure.
      throw (error as NodeJS.ErrnoException).code ? outputError(this.path, error) : error;
    }
    this.nextRow += rows.height;
  }

  /** Encodes the finished image and publishes it atomically; the intermediate file is removed either way. */
  async finish(): Promise<void> {
    if (this.ended) throw new Error('StreamedImageWriter.finish twice.');
    this.ended = true;
    const { format, quality, gray, overwrite, resizeTo } = this.options;
    try {
      await this.png.finish();
      if (overwrite) await checkReplaceable(this.path, this.options.overwriteAny ?? false); // it may have appeared meanwhile
      await publishAtomically(
        this.path,
        async (tempPath) => {
          try {
            // The intermediate file always carries metadata (at least the output marker).
            let pipeline = sharp(this.scratch.path, { limitInputPixels: false, sequentialRead: true }).keepMetadata();
            if (resizeTo) pipeline = pipeline.resize(resizeTo.width, resizeTo.height, { kernel: 'lanczos3', fit: 'fill' });
            const { alpha } = this.options;
            if (alpha && alphaPlacement(this.options) === 'joined') {
              // sharp reads a Uint16Array as 16-bit samples; its typings only name Buffer.
              const samples = alpha.samples as unknown as Buffer;
              pipeline = pipeline.joinChannel(samples, { raw: { width: alpha.width, height: alpha.height, channels: 1 } });
            }
            pipeline = pipeline.toColourspace(colourspaceFor(gray, outputBitDepth(this.options)));
            await applyFormat(pipeline, format, quality, this.options.density).toFile(tempPath);
          } catch (error) {
            throw encodingError(this.path, error);
          }
          await syncFile(tempPath);
        },
        overwrite,
      );
    } finally {
      await this.png.close();
      await this.scratch.release();
    }
  }

  /** Drops everything written so far: no file is left behind. */
  async abort(): Promise<void> {
    this.ended = true;
    await this.png.close();
    await this.scratch.release();
  }
}
