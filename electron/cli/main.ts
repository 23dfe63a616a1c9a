// `dvar`: restore and upscale photos from the command line. Wires arguments, input discovery,
// output naming, the batch runner and reporting together, and owns exit codes and Ctrl-C.
//   0 everything restored or skipped · 1 a file or the setup failed · 2 usage error · 130 cancelled
import { resolve } from 'node:path';
import { DvarError } from '../engine/definitions.ts';
import { removePendingTempFilesSync } from '../image-files/index.ts';
import { HELP_TEXT, parseCliArgs, type CliOptions } from './args.ts';
import { collectInputs } from '../jobs/index.ts';
import { createOutputFolders, planOutputs } from '../jobs/index.ts';
import { resolvePackOption } from './pack-option.ts';
import { humanReporter, jsonReporter, type Reporter } from './report.ts';
import { restoreFiles, type JobEvent, type RestoreEngine } from '../jobs/index.ts';
import type { SpeedMemory } from '../jobs/index.ts';
import { cliSpeedMemory } from './speed-file.ts';
import { versionLine } from './version-line.ts';
import { photoOutputOf } from './photo-output.ts';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_CANCELLED = 130; // 128 + SIGINT, what shells expect after Ctrl-C

const debug = process.env.DVAR_DEBUG === '1';

/** Teaches `memory` each finished photo's time from its file-start, per input pixel (as the app does). */
function learnSpeed(memory: SpeedMemory, config: { packDir: string; threads?: number }): (event: JobEvent) => void {
  const inputPixels = new Map<number, number>();
  return (event) => {
    if (event.type === 'file-start') inputPixels.set(event.fileIndex, event.width * event.height);
    if (event.type !== 'file-done') return;
    const restoreMs = (event.msPerOutputMegapixel * event.outputWidth * event.outputHeight) / 1e6;
    memory.record(config, restoreMs, inputPixels.get(event.fileIndex) ?? 0);
  };
}

/** Ctrl-C once: cancel between scales and finish cleanly. Twice: remove temp files and quit now. */
function handleInterrupts(controller: AbortController, reporter: Reporter): void {
  process.on('SIGINT', () => {
    if (!controller.signal.aborted) {
      controller.abort();
      reporter.notice('Cancelling after the current step; press Ctrl-C again to quit at once.');
      return;
    }
    removePendingTempFilesSync();
    process.exit(EXIT_CANCELLED);
  });
}

async function run(options: CliOptions, reporter: Reporter): Promise<number> {
  if (options.queue) {
    // Loaded only here: a local run never loads BullMQ.
    const { runQueueSubmission } = await import('./queue-submit.ts');
    return runQueueSubmission(options, process);
  }
  if (options.quality !== undefined && (options.format === 'png' || options.format === 'tiff')) {
    reporter.notice(`--quality has no effect on ${options.format} output, which is lossless.`);
  }
  const packDir = resolvePackOption(options.packDir); // before the photos: a mistyped name fails at once
  const { files, emptyFolders } = await collectInputs(options.inputs, { recursive: options.recursive });
  for (const folder of emptyFolders) reporter.notice(`No photos found in ${folder}.`);
  if (files.length === 0) throw new DvarError('INPUT_INVALID', 'There are no photos to restore.');
  const tasks = planOutputs(files, options);
  await createOutputFolders(tasks);

  const controller = new AbortController();
  handleInterrupts(controller, reporter);
  const speedConfig = { packDir: resolve(packDir), threads: options.threads };
  const speed = cliSpeedMemory();
  const learn = learnSpeed(speed, speedConfig);
  let engine: { close(): Promise<void> } | undefined;
  try {
    const summary = await restoreFiles(tasks, {
      // Loaded lazily: --help, usage errors and all-skipped batches never pay for onnxruntime.
      openEngine: async (): Promise<RestoreEngine> => {
        const { DvarEngine } = await import('../engine/index.ts');
        const { planProviders } = await import('../engine/index.ts');
        const opened = await DvarEngine.open(packDir, { threads: options.threads });
        engine = opened;
        const { manifest } = opened;
        reporter.pack({
          name: manifest.name,
          version: manifest.version,
          upscale: manifest.upscale,
          restorer: Boolean(manifest.restorer && manifest.decoder.lqFusion),
          // An accelerator this onnxruntime could have used (its libraries are here): then falling back is news.
          providerExpected: planProviders().candidates.some((name) => name !== 'cpu'),
          rememberedSpeed: () => speed.msPerInputMP(speedConfig),
        });
        return opened;
      },
      ...photoOutputOf(options),
      overwriteAny: options.overwriteAny,
      signal: controller.signal,
      onEvent: (event) => {
        learn(event);
        reporter.event(event);
      },
    });
    reporter.summary(summary);
    if (summary.cancelled) return EXIT_CANCELLED;
    return summary.failed > 0 ? EXIT_FAILED : EXIT_OK;
  } finally {
    await engine?.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    process.stderr.write(`dvar: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (parsed.kind === 'help') return (process.stdout.write(HELP_TEXT), EXIT_OK);
  if (parsed.kind === 'version') return (process.stdout.write(`${versionLine()}\n`), EXIT_OK);

  const { options } = parsed;
  const reporter = options.json ? jsonReporter(process.stdout) : humanReporter(process, { quiet: options.quiet, debug });
  try {
    return await run(options, reporter);
  } catch (error) {
    if (error instanceof DvarError) {
      // A DvarError is already the sentence a user needs; its stack would only be noise.
      reporter.fatal(error);
      if (error.code === 'CANCELLED') return EXIT_CANCELLED;
      return error.code === 'USAGE' || error.code === 'SCALE_UNSUPPORTED' ? EXIT_USAGE : EXIT_FAILED;
    }
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    const hint = debug ? '' : ' (DVAR_DEBUG=1 shows details)';
    reporter.fatal({ code: 'RUNTIME', message: `Unexpected error: ${message}; please report this${hint}.`, stack: (error as Error)?.stack });
    return EXIT_FAILED;
  }
}

process.exitCode = await main(process.argv.slice(2));
