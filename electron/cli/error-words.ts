// The CLI's side of a failure: the engine's sentence says what happened; this adds what to do about
// it in the CLI's own words (its options), from the error's code and parameters.
import { BUNDLED_PACK_NAMES, withAdvice, type AdviceTable, type FailureFacts } from '../engine/definitions.ts';
import { UNTRUSTED_CERTIFICATE } from '../distributed/queue-failure.ts';

const CLI_ADVICE: AdviceTable = {
  PACK_MISSING: () =>
    `Pass --pack with a model pack folder (one that holds manifest.json and its graphs) or a bundled pack's name (${BUNDLED_PACK_NAMES.join(', ')}).`,
  OUTPUT_UNWRITABLE: (p) => (p.refused === 'not-ours' ? `Pass --overwrite-any to replace it, or -o DIR to write elsewhere.` : ''),
  SCALE_UNSUPPORTED: (p) => `Pass --scale ${p.upscale} or less.`,
  RUNTIME: (p) =>
    p.queueProblem === UNTRUSTED_CERTIFICATE ? 'Pass --queue-ca FILE with the CA certificate (PEM) that signed it, to the submitter and every worker.' : '',
};

/** The sentence a CLI user reads for `failure`. */
export const cliSentence = (failure: FailureFacts): string => withAdvice(failure, CLI_ADVICE);
