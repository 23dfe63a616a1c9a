// The one sentence for a queue that cannot be used: where (the URL without its password), why (the
// server's or the socket's own words), and what to do. `problem` names failures whose fix differs per
// front end (the CLI's option, the app's setting), for their advice tables (electron/cli/error-words.ts).
import { DvarError } from '../engine/definitions.ts';
import type { QueueTarget } from './queue-url.ts';

/** A certificate signed by a CA this connection does not trust: the fix is to give it that CA. */
export const UNTRUSTED_CERTIFICATE = 'untrusted-certificate';

export function queueUnusable(target: QueueTarget, reason: string, hint?: string, options: { problem?: string; cause?: unknown } = {}): DvarError {
  const message = `Cannot use the queue at ${target.display} (${reason})${hint ? `; ${hint}` : ''}.`;
  const params: Record<string, string> = { queue: target.display };
  if (options.problem) params.queueProblem = options.problem;
  return new DvarError('RUNTIME', message, { cause: options.cause, params });
}
