// The app's side of a failure: the engine's sentence says what happened; this adds what to do about
// it with the app's controls, from the error's code and parameters (never by rewriting the sentence).
import { withAdvice, type AdviceTable, type FailureFacts } from '../engine/definitions.ts';

const APP_ADVICE: AdviceTable = {
  PACK_MISSING: () => 'Choose a model pack in Settings.',
  SCALE_UNSUPPORTED: (p) => `Choose ×${p.upscale} or less.`,
};

/** The sentence a person reads in the app for `failure`. */
export const appSentence = (failure: FailureFacts): string => withAdvice(failure, APP_ADVICE);
