// How one photo is restored and written, declared once: the batch runner's options (restore-files.ts)
// extend it, the app's job for its engine thread (app/engine-messages.ts FileJob) is it plus the
// photo's paths, and a queued job's schema (distributed/job-schema.ts) is checked against it, so a new
// output option is added here and reaches every way a photo is restored.
import type { RestoreOptions } from '../engine/definitions.ts';
import type { OutputFormat } from '../image-files/index.ts';
import type { PrintSize } from './print-size.ts';

export interface PhotoOutputOptions {
  scale: number;
  /** Instead of `scale`: the output's long side in pixels, or its size in megapixels (output-size.ts). */
  longEdge?: number;
  megapixels?: number;
  /** Instead of `scale`: the print the output should cover; its DPI is written into the file (print-size.ts). */
  print?: PrintSize;
  format: OutputFormat;
  quality?: number;
  /** 16: PNG and TIFF outputs of 8-bit photos in 16 bits too (16-bit photos always give 16); absent: 8. */
  depth?: 16;
  /** Replace earlier outputs (files DVAR Studio wrote); an input of the run is never replaced. */
  overwrite: boolean;
  restore: RestoreOptions;
  /** Each photo's detail and denoise chosen from what it suffers from (auto-look.ts), instead of restore's. */
  autoLook?: true;
}
