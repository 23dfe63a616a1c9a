// The app's side of a failure: the engine's sentence says what happened; this adds what to do about
// it with the app's controls, from the error's code and parameters (never by rewriting the sentence).
import { DvarError, withAdvice, type AdviceTable, type FailureFacts } from '../engine/definitions.ts';

const APP_ADVICE: AdviceTable = {
  PACK_MISSING: () => 'Choose a model pack in Settings.',
  SCALE_UNSUPPORTED: (p) => `Choose ×${p.upscale} or less.`,
};

/** The sentence a person reads in the app for `failure`. */
export const appSentence = (failure: FailureFacts): string => withAdvice(failure, APP_ADVICE);

/** Any error caught in the host, in the app's words (`fallback`: its sentence when it is not ours). */
export function appErrorSentence(error: unknown, fallback?: FailureFacts): string {
  if (error instanceof DvarError) return appSentence(error);
  return fallback?.message ?? (error instanceof Error ? error.message : String(error));
}
