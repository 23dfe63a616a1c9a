// Every failure that can reach a user is a DvarError: a stable code for programs (the CLI's exit
// status, the app's error rows), the facts as parameters, and one sentence saying what happened. The
// sentence names no command-line option or window control: each front end adds its own "what to do"
// from the code and parameters (electron/cli/error-words.ts, electron/app/error-words.ts).

export type DvarErrorCode =
  | 'PACK_INVALID'
  | 'PACK_MISSING'
  | 'INPUT_UNREADABLE'
  | 'INPUT_INVALID'
  | 'OUTPUT_UNWRITABLE'
  | 'OUTPUT_EXISTS'
  | 'DISK_FULL'
  | 'CANCELLED'
  | 'RUNTIME'
  | 'SCALE_UNSUPPORTED'
  | 'USAGE';

/** The facts of a failure (a folder, a pack's name, a factor), for front ends that word their own advice. */
export type ErrorParams = Readonly<Record<string, string | number>>;

export class DvarError extends Error {
  readonly code: DvarErrorCode;
  readonly params: ErrorParams;

  constructor(code: DvarErrorCode, message: string, options?: { cause?: unknown; params?: ErrorParams }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DvarError';
    this.code = code;
    this.params = options?.params ?? {};
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof DvarError && error.code === 'CANCELLED';
}

/** Throws the engine's cancellation error when the signal has fired. Called between scales and tiles. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DvarError('CANCELLED', 'The restore was cancelled.');
}

/** A failure as it travels in events and worker messages: its code, sentence and facts. */
export interface FailureFacts {
  code: string;
  message: string;
  params?: ErrorParams;
}

/** A front end's advice per error code, worded from the parameters. */
export type AdviceTable = Readonly<Record<string, (params: ErrorParams) => string>>;

/**
 * The failure's sentence with the front end's advice for its code, when it has one, as one sentence:
 * "No model pack was found at /p; choose a model pack in Settings."
 */
export function withAdvice(failure: FailureFacts, advice: AdviceTable): string {
  const words = advice[failure.code]?.(failure.params ?? {});
  if (!words) return failure.message;
  return `${failure.message.replace(/\.$/, '')}; ${words[0]!.toLowerCase()}${words.slice(1)}`;
}
