// Every failure that can reach a user is a DvarError: one sentence saying what happened and what to
// do, plus a stable code for programs (the CLI's exit status, the app's error rows).

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
  | 'USAGE';

export class DvarError extends Error {
  readonly code: DvarErrorCode;

  constructor(code: DvarErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DvarError';
    this.code = code;
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof DvarError && error.code === 'CANCELLED';
}

/** Throws the engine's cancellation error when the signal has fired. Called between scales and tiles. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DvarError('CANCELLED', 'The restore was cancelled.');
}
