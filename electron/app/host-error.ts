// Errors that cross the host boundary: one sentence plus a stable code, never a stack trace.
import { DvarError } from '../engine/definitions.ts';
import type { RequestFailure } from '../ipc/contract.ts';

export type HostErrorCode = 'INVALID_REQUEST' | 'UNKNOWN_CHANNEL' | 'INVALID_SETTINGS' | 'NOT_FOUND' | 'NOT_ALLOWED' | 'UNSUPPORTED' | 'INTERNAL';

export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode | DvarError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
    this.stack = `${this.name}: ${message}`; // whatever serialises this error gets the sentence, not our call sites
  }
}

/** Any thrown value as what the renderer may see. Unexpected errors keep only their first line. */
export function toRequestFailure(error: unknown, channel: string): RequestFailure {
  if (error instanceof HostError || error instanceof DvarError) return { message: error.message, code: error.code };
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/\.$/, '');
  return { message: `The request "${channel}" failed unexpectedly (${text}); please report this.`, code: 'INTERNAL' };
}
