// Turns batch events into what a person reads (results on stdout, progress and problems on stderr)
// or what a program reads (--json: one JSON object per line on stdout, nothing else there).
import { basename } from 'node:path';
import type { FailureFacts } from '../engine/definitions.ts';
import type { JobEvent, JobSummary } from '../jobs/index.ts';
import { cliSentence } from './error-words.ts';
import { formatDuration, ProgressBar, type ProgressStream } from './progress.ts';

export interface Reporter {
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

/** "1.23 s per output MP": the figure that compares runs across photo sizes and machines. */
export function secondsPerOutputMegapixel(msPerOutputMegapixel: number): string {
  return `${(msPerOutputMegapixel / 1000).toFixed(2)} s per output MP`;
}

export function humanReporter(io: Streams, options: { quiet: boolean; debug: boolean }): Reporter {
  const bar = new ProgressBar(io.stderr);
  const say = (stream: ProgressStream, line: string) => {
    bar.clear();
    stream.write(`${line}\n`);
  };
  const info = (line: string) => options.quiet || say(io.stderr, line);
  return {
    event(e) {
      const at = 'fileIndex' in e ? `[${e.fileIndex + 1}/${e.fileCount}]` : '';
      switch (e.type) {
        case 'engine-ready':
          return info(`Model pack ${e.packName} on ${e.provider.name}: ${e.provider.reason}`);
        case 'notice':
          return info(e.message);
        case 'file-start':
          return info(`${at} ${e.input} (${e.width}×${e.height} → ${e.outputWidth}×${e.outputHeight})`);
        case 'scale':
          if (!options.quiet) bar.update({ ...e, event: e.event });
          return;
        case 'file-done':
          if (options.quiet) return;
          return say(
            io.stdout,
            `${at} ${e.input} → ${e.output} in ${formatDuration(e.ms)} (${secondsPerOutputMegapixel(e.msPerOutputMegapixel)})`,
          );
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
