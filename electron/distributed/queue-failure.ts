// The one sentence for a queue that cannot be used: where (the URL without its password), why (the
// server's or the socket's own words), and what to do. `problem` names failures whose fix differs per
// front end (the CLI's options, the app's settings), for each front end's own words
// (electron/cli/error-words.ts, electron/app/queue-problem-words.ts).
import { DvarError } from '../engine/definitions.ts';
import type { QueueTarget } from './queue-url.ts';

/** A certificate signed by a CA this connection does not trust: the fix is to give it that CA. */
export const UNTRUSTED_CERTIFICATE = 'untrusted-certificate';
/** A certificate that does not name the host as the URL writes it: the fix is another host in the URL. */
export const CERTIFICATE_NAME_MISMATCH = 'certificate-name-mismatch';
/** A certificate past its end date or before its start date: renew it, or fix the clock. */
export const CERTIFICATE_OUT_OF_DATE = 'certificate-out-of-date';
/** A rediss:// URL at a port that speaks plain Redis: redis://, or the server's TLS port. */
export const PLAIN_PORT = 'plain-port';
/** A redis:// URL at a port that speaks TLS only: rediss://. */
export const TLS_PORT = 'tls-port';

export function queueUnusable(target: QueueTarget, reason: string, hint?: string, options: { problem?: string; cause?: unknown } = {}): DvarError {
  const message = `Cannot use the queue at ${target.display} (${reason})${hint ? `; ${hint}` : ''}.`;
  const params: Record<string, string> = { queue: target.display };
  if (options.problem) params.queueProblem = options.problem;
  return new DvarError('RUNTIME', message, { cause: options.cause, params });
}
