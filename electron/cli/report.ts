// Turns batch events into what a person reads (results on stdout, progress and problems on stderr)
// or what a program reads (--json: one JSON object per line on stdout, nothing else there).
import { basename } from 'node:path';
import type { FailureFacts } from '../engine/definitions.ts';
import type { JobEvent, JobSummary } from '../jobs/index.ts';
import { cliSentence } from './error-words.ts';
import { expectedMs, expectedTime, longJobWords, startWords, type PackFacts } from './photo-estimate.ts';
import { formatDuration, ProgressBar, type ProgressStream } from './progress.ts';

export interface Reporter {
  /** The opened pack, before its engine-ready event: what the estimates and the stage words need. */
  pack(facts: OpenedPack): void;
  event(event: JobEvent): void;
  notice(message: string): void;
  /** The failure that ends the run, worded for CLI users (error-words.ts). */
  fatal(failure: FailureFacts & { stack?: string }): void;
  summary(summary: JobSummary): void;
}

interface Streams {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

/**
 * "19.7 s per input MP": the figure that compares runs across photo sizes, scales and machines. Per
 * input pixel because the model always works at the pack's ×4: ×2 and ×3 cost what ×4 does.
 */
export function secondsPerInputMegapixel(ms: number, inputPixels: number): string {
  return `${(ms / 1000 / (inputPixels / 1e6)).toFixed(1)} s per input MP`;
}

export interface OpenedPack extends PackFacts {
  /** Whether an accelerator could have run it (then running on the CPU is worth a sentence). */
  providerExpected: boolean;
  /** This machine's remembered ms per input MP with this pack (speed-file.ts), or null. */
  rememberedSpeed: () => number | null;
}

export function humanReporter(io: Streams, options: { quiet: boolean; debug: boolean }): Reporter {
  const bar = new ProgressBar(io.stderr);
  let pack: OpenedPack | undefined;
  /** The running photo's input size and whole expected time (for its ETA before it has measured itself). */
  let photo: { pixels: number; expectedMs: number | null } = { pixels: 0, expectedMs: null };
  const say = (stream: ProgressStream, line: string) => {
    bar.clear();
    stream.write(`${line}\n`);
  };
  const info = (line: string) => options.quiet || say(io.stderr, line);
  return {
    pack(facts) {
      pack = facts;
    },
    event(e) {
      const at = 'fileIndex' in e ? `[${e.fileIndex + 1}/${e.fileCount}]` : '';
      switch (e.type) {
        case 'engine-ready': {
          const named = `Model pack ${e.packName}${pack ? ` ${pack.version}` : ''}`;
          // Why it runs on the CPU matters only where an accelerator was asked for or could have run it.
          if (e.provider.name === 'cpu' && !pack?.providerExpected) return info(`${named} on the CPU.`);
          return info(`${named} on ${e.provider.name}: ${e.provider.reason}`);
        }
        case 'notice':
          return info(e.message);
        case 'file-start': {
          const input = { width: e.width, height: e.height };
          const expected = pack ? expectedTime(input, pack, pack.rememberedSpeed()) : { kind: 'unknown' as const };
          photo = { pixels: e.width * e.height, expectedMs: expectedMs(expected) };
          info(`${at} ${e.input}: ${startWords(input, { width: e.outputWidth, height: e.outputHeight }, expected)}`);
          const long = pack ? longJobWords(expected, pack) : null;
          if (long) info(long);
          return;
        }
        case 'look':
          return info(`${at} Auto look: ${e.look} (${e.why}).`);
        case 'scale':
          if (!options.quiet) bar.update({ ...e, event: e.event, expectedMs: photo.expectedMs, restorer: pack?.restorer });
          return;
        case 'file-done': {
          if (options.quiet) return;
          // The restore's own time (from file-start), as the remembered speed counts it.
          const restoreMs = (e.msPerOutputMegapixel * e.outputWidth * e.outputHeight) / 1e6;
          const rate = photo.pixels > 0 ? ` (${secondsPerInputMegapixel(restoreMs, photo.pixels)})` : '';
          return say(io.stdout, `${at} ${e.input} → ${e.output} in ${formatDuration(e.ms)}${rate}`);
        }
        case 'file-skipped':
          return info(`${at} Skipped ${e.input}: ${basename(e.output)} already exists (use --overwrite to replace it).`);
        case 'file-failed':
          say(io.stderr, `${at} ${cliSentence(e)}`);
          if (options.debug && e.stack) say(io.stderr, e.stack);
          return;
      }
    },
    notice: (message) => info(message),
    fatal(failure) {
      say(io.stderr, `dvar: ${cliSentence(failure)}`);
      if (options.debug && failure.stack) say(io.stderr, failure.stack);
    },
    summary(s) {
      if (s.cancelled) return say(io.stderr, `Cancelled after ${s.done} of ${s.total} file(s) were restored.`);
      const parts = [`${s.done} restored`];
      if (s.skipped) parts.push(`${s.skipped} skipped`);
      if (s.failed) parts.push(`${s.failed} failed`);
      info(`Done: ${parts.join(', ')} in ${formatDuration(s.ms)}.`);
    },
  };
}

export function jsonReporter(stdout: ProgressStream): Reporter {
  const line = (value: object) => stdout.write(`${JSON.stringify(value)}\n`);
  return {
    pack: () => undefined,
    event(e) {
      if (e.type === 'scale') {
        const { preview: _preview, ...event } = e.event; // pixels do not belong in a log line
        return line({ ...e, event });
      }
      line(e);
    },
    notice: (message) => line({ type: 'notice', message }),
    fatal: (failure) => line({ type: 'error', code: failure.code, message: cliSentence(failure), params: failure.params ?? {} }),
    summary: (s) => line({ type: 'summary', ...s }),
  };
}
