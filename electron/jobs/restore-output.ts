// Restores one decoded photo and writes it at the asked scale. Outputs up to STREAM_ABOVE_PIXELS are
// held whole, resampled and written by writeImage (exactly as before); larger ones stream: the engine
// hands finished rows to a StreamedImageWriter as it blends them, so memory stays bounded whatever the
// output size. Either way the file appears atomically or not at all.
import { throwIfAborted } from '../engine/definitions.ts';
import { resizeAlpha, resizeAlpha16 } from '../image-files/index.ts';
import type { DecodedImage } from '../image-files/index.ts';
import { resampleImage } from '../image-files/index.ts';
import { STREAM_ABOVE_PIXELS, StreamedImageWriter } from '../image-files/index.ts';
import { writeImage, type BitDepth, type OutputFormat } from '../image-files/index.ts';
import type { FloatImage, RestoreHooks, RestoreOptions, RestoreResult } from '../engine/definitions.ts';
import type { RowSink, RowsRestored } from '../engine/definitions.ts';

/** What writing needs of an engine: DvarEngine fits; `restoreRows` is optional (test fakes). */
export interface OutputEngine {
  readonly upscale: number;
  restore(image: FloatImage, options: RestoreOptions, hooks?: RestoreHooks): Promise<RestoreResult>;
  restoreRows?(image: FloatImage, options: RestoreOptions, hooks: RestoreHooks, sink: RowSink): Promise<RowsRestored>;
}

export interface OutputJob {
  output: string;
  /** The output size (scale × the photo, rounded). */
  size: { width: number; height: number };
  format: OutputFormat;
  quality?: number;
  /** 16: write PNG and TIFF in 16 bits even from an 8-bit photo (the restored floats' gradations); default the photo's. */
  depth?: BitDepth;
  /** Dots per inch to write into the file (a print size); absent: none. */
  density?: number;
  overwrite: boolean;
  /** With `overwrite`: also replace a file DVAR Studio did not write (the user named it). */
  overwriteAny?: boolean;
  restore: RestoreOptions;
  hooks: RestoreHooks;
  /** Restored images larger than this stream to disk (default STREAM_ABOVE_PIXELS; tests lower it). */
  streamAbovePixels?: number;
  /** Called once the restore is over, before the file is finished. */
  onRestored?: () => void;
}

async function alphaFor(alpha: Float32Array, size: { width: number; height: number }, to: { width: number; height: number }) {
  return { ...to, samples: await resizeAlpha16(alpha, size, to) };
}

export async function restoreAndWrite(engine: OutputEngine, decoded: DecodedImage, job: OutputJob): Promise<void> {
  const size = { width: decoded.rgb.width, height: decoded.rgb.height };
  const restored = { width: size.width * engine.upscale, height: size.height * engine.upscale };
  const written = {
    format: job.format,
    quality: job.quality,
    bitDepth: job.depth === 16 ? job.depth : decoded.bitDepth,
    density: job.density,
    gray: decoded.isGray,
    icc: decoded.icc,
    metadata: decoded.metadata,
    overwrite: job.overwrite,
    overwriteAny: job.overwriteAny,
  };
  if (!engine.restoreRows || restored.width * restored.height <= (job.streamAbovePixels ?? STREAM_ABOVE_PIXELS)) {
    const result = await engine.restore(decoded.rgb, job.restore, job.hooks);
    job.onRestored?.();
    // ×2 and ×3 (and any rounding difference) come from resampling the model's ×4 result.
    const rgb = await resampleImage(result.image, job.size);
    const alpha = decoded.alpha ? await resizeAlpha(decoded.alpha, size, job.size) : null;
    throwIfAborted(job.hooks.signal);
    await writeImage(job.output, { rgb, alpha }, written);
    return;
  }
  const resized = restored.width !== job.size.width || restored.height !== job.size.height;
  const writer = await StreamedImageWriter.open(job.output, {
    ...written,
    ...restored,
    resizeTo: resized ? job.size : undefined,
    // Resampled outputs get the alpha plane at their own size (resampled once, as the whole path does).
    alpha: decoded.alpha ? await alphaFor(decoded.alpha, size, resized && job.format !== 'jpg' ? job.size : restored) : null,
  });
  try {
    await engine.restoreRows(decoded.rgb, job.restore, job.hooks, (rows, y) => writer.write(rows, y));
    job.onRestored?.();
    throwIfAborted(job.hooks.signal);
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
