// The command line's options as one photo's output options (jobs/photo-output-options.ts): what a run
// here and a job for queue workers both take, so the two never list the fields apart.
import type { PhotoOutputOptions } from '../jobs/index.ts';
import type { CliOptions } from './args.ts';

export function photoOutputOf(options: CliOptions): PhotoOutputOptions {
  return {
    scale: options.scale,
    longEdge: options.longEdge,
    megapixels: options.megapixels,
    print: options.print,
    format: options.format,
    quality: options.quality,
    // Only when asked: 8 is every job's default, and queued job ids hash the fields a job has.
    ...(options.depth === 16 ? { depth: 16 as const } : {}),
    overwrite: options.overwrite,
    restore: options.restore,
    ...(options.autoLook ? { autoLook: true as const } : {}),
  };
}
