// The batch runner: for each file, read → restore → resample to the asked scale → alpha → write.
// One bad file reports its sentence and the batch goes on; problems that would fail every file
// (no model pack, bad options, a full disk) stop the batch by throwing. Used by the CLI and the app.
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DvarError, throwIfAborted } from '../engine/definitions.ts';
import { checkWriteTarget } from '../image-files/index.ts';
import { onlyFirstFrameWarning, readImage } from '../image-files/index.ts';
import { checkFormatLimits } from '../image-files/index.ts';
import type { ProviderReport } from '../engine/definitions.ts';
import type { JobEvent, JobSummary } from './job-events.ts';
import type { FileTask } from './output-path.ts';
import { restoreAndWrite, type OutputEngine } from './restore-output.ts';
import { removeStaleTempFiles } from './stale-temp-files.ts';
import { outputSize } from './output-size.ts';
import type { PhotoOutputOptions } from './photo-output-options.ts';
import { cropDecoded, type Region } from './region.ts';
import { ConfidenceMapBuilder } from './confidence-map.ts';
import { chooseLook } from './auto-look.ts';
import { assessPhoto } from './photo-assessment.ts';

/** What the runner needs of an engine: DvarEngine fits, and so do a worker proxy or a test fake. */
export interface RestoreEngine extends OutputEngine {
  readonly packName: string;
  readonly provider: ProviderReport;
  /** Whether the pack conditions on a text prompt. */
  readonly textConditioning: boolean;
}

export interface RestoreFilesOptions extends PhotoOutputOptions {
  /** Opened on the first file that needs it, so a batch of skipped files never loads a model. */
  openEngine: () => Promise<RestoreEngine>;
  /** Restore only this rectangle of each photo (a preview region, region.ts). */
  region?: Region;
  /** With `overwrite`: also replace files DVAR Studio did not write, because the user named them. */
  overwriteAny?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  /** Restored images larger than this stream to disk row by row (default: restore-output.ts). */
  streamAbovePixels?: number;
}

/** Errors that would repeat for every remaining file. */
const BATCH_STOPPERS = new Set(['PACK_MISSING', 'PACK_INVALID', 'USAGE', 'SCALE_UNSUPPORTED', 'DISK_FULL', 'CANCELLED']);

/** Why the engine did not open, carried out of the per-file loop to stop the batch with that error. */
class EngineOpenError extends Error {
  constructor(readonly error: unknown) {
    super('The model pack could not be opened.');
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
/** An earlier result to skip: anything at the output's name but a folder, which is refused instead. */
const earlierResult = (path: string) =>
  stat(path).then(
    (info) => !info.isDirectory(),
    () => false,
  );

/** A file's identity: its real path when it exists (links and `..` resolved), else its absolute path. */
const identity = async (path: string) => realpath(path).catch(() => resolve(path));

/** Outputs that are also inputs of the run (a shell glob that caught `photo-dvar-x4.png`): never replaced. */
async function outputsThatAreInputs(tasks: FileTask[]): Promise<Set<string>> {
  const inputs = new Set(await Promise.all(tasks.map((task) => identity(task.input))));
  const clashes = new Set<string>();
  for (const task of tasks) if (inputs.has(await identity(task.output))) clashes.add(task.output);
  return clashes;
}

export async function restoreFiles(tasks: FileTask[], options: RestoreFilesOptions): Promise<JobSummary> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => undefined);
  const summary: JobSummary = { total: tasks.length, done: 0, skipped: 0, failed: 0, cancelled: false, ms: 0 };
  let engine: RestoreEngine | undefined;
  const getEngine = async (): Promise<RestoreEngine> => {
    if (engine) return engine;
    let opened: RestoreEngine;
    try {
      opened = await options.openEngine();
    } catch (error) {
      throw new EngineOpenError(error);
    }
    if (options.scale > opened.upscale) {
      throw new EngineOpenError(
        new DvarError('SCALE_UNSUPPORTED', `The pack ${opened.packName} upscales ×${opened.upscale} at most.`, {
          params: { pack: opened.packName, upscale: opened.upscale },
        }),
      );
    }
    emit({ type: 'engine-ready', packName: opened.packName, provider: opened.provider });
    if (options.restore.prompt && !opened.textConditioning) {
      emit({ type: 'notice', message: `The pack ${opened.packName} has no text conditioning; the prompt is ignored.` });
    }
    engine = opened;
    return opened;
  };

  const inputOutputs = await outputsThatAreInputs(tasks);
  for (const [fileIndex, task] of tasks.entries()) {
    const ref = { fileIndex, fileCount: tasks.length, input: task.input, output: task.output };
    const fileStarted = Date.now();
    try {
      throwIfAborted(options.signal);
      if (options.overwrite && inputOutputs.has(task.output)) {
        throw new DvarError('OUTPUT_UNWRITABLE', `${task.output} is also a photo of this run, so it was not replaced by the result of ${task.input}.`, {
          params: { path: task.output, refused: 'input' },
        });
      }
      // Before the skip check: a run killed between publishing the output and removing its temp
      // file leaves both, and the output is then skipped.
      for (const stale of await removeStaleTempFiles(task.output)) {
        emit({ type: 'notice', message: `Removed ${stale}, a temp file left by an interrupted run.` });
      }
      if (!options.overwrite && (await earlierResult(task.output)) && (await exists(task.input))) {
        summary.skipped++;
        emit({ type: 'file-skipped', ...ref, reason: 'output-exists' });
        continue;
      }
      const read = await readImage(task.input);
      const extraFrames = onlyFirstFrameWarning(task.input, read.sourceFormat, read.frames);
      if (extraFrames) emit({ type: 'notice', message: extraFrames });
      const decoded = options.region ? cropDecoded(read, options.region) : read;
      await checkWriteTarget(task.output, options); // before minutes of work, not after
      const size = { width: decoded.rgb.width, height: decoded.rgb.height };
      const restorer = await getEngine();
      const out = outputSize(size, options, restorer.upscale);
      checkFormatLimits(options.format, out.width, out.height);
      emit({ type: 'file-start', ...ref, ...size, outputWidth: out.width, outputHeight: out.height });
      // Auto judges the whole photo, also for a preview region, so the region looks as the photo will.
      const auto = options.autoLook ? chooseLook(assessPhoto(read.rgb)) : null;
      if (auto) emit({ type: 'look', ...ref, look: auto.look.name, why: auto.why });
      const restore = auto ? { ...options.restore, detail: auto.look.detail, denoise: auto.look.denoise } : options.restore;
      // The per-MP figure counts from here, like the app's remembered speed (speed-memory.ts): opening the
      // pack happens once per run, and on the first photo of a small one it would be most of the time.
      const restoreStarted = Date.now();

      const confidence = restore.entropy === 'map' ? new ConfidenceMapBuilder(size.width, size.height) : null;
      await restoreAndWrite(restorer, decoded, {
        output: task.output,
        size: out,
        format: options.format,
        quality: options.quality,
        depth: options.depth,
        density: options.print?.dpi,
        overwrite: options.overwrite,
        overwriteAny: options.overwriteAny,
        restore,
        hooks: {
          signal: options.signal,
          onScale: (event) => emit({ type: 'scale', ...ref, event }),
          onTileDoubt: (doubt) => confidence?.add(doubt),
        },
        streamAbovePixels: options.streamAbovePixels,
        onRestored: () => {
          const map = confidence?.result();
          if (map) emit({ type: 'confidence', ...ref, map });
        },
      });
      const ms = Date.now() - fileStarted;
      summary.done++;
      const megapixels = (out.width * out.height) / 1e6;
      const msPerOutputMegapixel = (Date.now() - restoreStarted) / megapixels;
      emit({ type: 'file-done', ...ref, ms, outputWidth: out.width, outputHeight: out.height, msPerOutputMegapixel });
    } catch (caught) {
      const opening = caught instanceof EngineOpenError;
      const error = opening ? caught.error : caught;
      if (error instanceof DvarError && error.code === 'CANCELLED') {
        summary.cancelled = true;
        break;
      }
      if (opening || (error instanceof DvarError && BATCH_STOPPERS.has(error.code))) throw error;
      if (error instanceof DvarError && error.code === 'OUTPUT_EXISTS') {
        // Created by someone else while we worked: same as an output that existed before.
        summary.skipped++;
        emit({ type: 'file-skipped', ...ref, reason: 'output-exists' });
        continue;
      }
      summary.failed++;
      if (error instanceof DvarError) {
        emit({ type: 'file-failed', ...ref, code: error.code, message: error.message, params: error.params });
      } else {
        const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        const stack = error instanceof Error ? error.stack : undefined;
        emit({ type: 'file-failed', ...ref, code: 'RUNTIME', message: `Restoring ${task.input} failed unexpectedly (${message}); please report this.`, stack });
      }
    }
  }
  summary.ms = Date.now() - started;
  return summary;
}
