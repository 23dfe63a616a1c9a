// What the submitter shows: one progress bar for the whole submission (finished photos plus the
// fractions of those being restored), a line per finished photo; or, with --json, one JSON object
// per line (per-photo progress included) for programs.
import { formatDuration, type ProgressStream } from './progress.ts';
import type { PhotoProgress } from '../distributed/progress-relay.ts';
import type { SubmissionTally, SubmissionUpdate } from '../distributed/watch-submission.ts';

export interface SubmissionReporter {
  update(update: SubmissionUpdate): void;
  info(line: string): void;
  summary(tally: SubmissionTally, ms: number): void;
}

/** 0..1 for the whole submission: each finished photo counts 1, each running one its own fraction. */
export function submissionFraction(total: number, finished: number, running: Iterable<PhotoProgress>): number {
  if (total === 0) return 1;
  let sum = finished;
  for (const p of running) sum += Math.min(1, Math.max(0, p.progress));
  return Math.min(1, sum / total);
}

export function humanSubmissionReporter(io: { stdout: ProgressStream; stderr: ProgressStream }, total: number, quiet: boolean): SubmissionReporter {
  const running = new Map<string, PhotoProgress>();
  const started = Date.now();
  let finished = 0;
  let failed = 0;
  let lastDraw = -Infinity;
  let visible = false;
  const tty = Boolean(io.stderr.isTTY);
  const clear = () => {
    if (visible) io.stderr.write('\r\x1b[2K');
    visible = false;
  };
  const say = (stream: ProgressStream, line: string) => {
    clear();
    stream.write(`${line}\n`);
    lastDraw = -Infinity;
  };
  const draw = () => {
    if (quiet) return;
    const now = Date.now();
    if (now - lastDraw < (tty ? 100 : 2000)) return;
    lastDraw = now;
    const fraction = submissionFraction(total, finished, running.values());
    const elapsed = now - started;
    const eta = fraction > 0.02 ? formatDuration((elapsed * (1 - fraction)) / fraction) : '--';
    const tail = `${Math.floor(fraction * 100)}%  ${finished}/${total} finished${failed ? `, ${failed} failed` : ''}  ${running.size} restoring  ETA ${eta}`;
    if (!tty) return void io.stderr.write(`Queue: ${tail}\n`);
    const width = 24;
    const filled = Math.round(fraction * width);
    io.stderr.write(`\r\x1b[2KQueue ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${tail}`);
    visible = true;
  };
  return {
    update(u) {
      if (u.type === 'progress') {
        running.set(u.job.jobId, u.progress);
        return draw();
      }
      running.delete(u.job.jobId);
      finished++;
      if (u.type === 'failed') {
        failed++;
        say(io.stderr, `${u.job.input}: ${u.reason}`);
      } else if (!quiet) {
        const how =
          u.result.status === 'skipped'
            ? 'skipped, the output already exists'
            : u.result.ms === null
              ? 'restored by an earlier attempt; the queue lost its time'
              : `restored on ${u.result.worker} in ${formatDuration(u.result.ms)}`;
        say(io.stdout, `${u.job.input} → ${u.job.output} (${how})`);
      }
      draw();
    },
    info: (line) => quiet || say(io.stderr, line),
    summary(t, ms) {
      const parts = [`${t.done} restored`];
      if (t.skipped) parts.push(`${t.skipped} skipped`);
      if (t.failed) parts.push(`${t.failed} failed`);
      if (!quiet || t.failed) say(io.stderr, `Done: ${parts.join(', ')} in ${formatDuration(ms)}.`);
    },
  };
}

export function jsonSubmissionReporter(stdout: ProgressStream): SubmissionReporter {
  const line = (value: object) => stdout.write(`${JSON.stringify(value)}\n`);
  return {
    update(u) {
      const photo = { jobId: u.job.jobId, input: u.job.input, output: u.job.output };
      if (u.type === 'progress') return line({ type: 'progress', ...photo, ...u.progress });
      if (u.type === 'failed') return line({ type: 'file-failed', ...photo, message: u.reason });
      line({ type: u.result.status === 'done' ? 'file-done' : 'file-skipped', ...photo, ...u.result });
    },
    info: (message) => line({ type: 'notice', message }),
    summary: (t, ms) => line({ type: 'summary', ...t, ms }),
  };
}
