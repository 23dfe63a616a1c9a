// The app's words for a queue server's TLS problems (the `queueProblem` of distributed/queue-failure.ts):
// the same failures the CLI names, with the fix said in terms of the app's own controls (Settings →
// Where batches run: the queue URL and the CA certificate), never the CLI's options. Each problem has
// its own sentence because each has a different fix.
import { CERTIFICATE_NAME_MISMATCH, CERTIFICATE_OUT_OF_DATE, PLAIN_PORT, TLS_PORT, UNTRUSTED_CERTIFICATE } from '../distributed/queue-failure.ts';
import type { QueueTarget } from '../distributed/queue-url.ts';
import { DvarError } from '../engine/definitions.ts';

/** Where the fixes are, as the Settings view titles its section. */
export const QUEUE_SETTINGS = 'Settings → Where batches run';

/** Node's own first line about the certificate, in brackets, for whoever looks into it further. */
function detail(error: DvarError): string {
  const cause = error.cause instanceof Error ? error.cause.message.split('\n')[0]!.replace(/\.$/, '') : '';
  return cause ? ` (${cause})` : '';
}

/** The app's sentence for `error` when it names a TLS problem; null for any other failure. */
export function queueProblemWords(target: QueueTarget, error: unknown): string | null {
  if (!(error instanceof DvarError)) return null;
  const where = target.display;
  const { host, port } = target.connection;
  switch (error.params?.queueProblem) {
    case UNTRUSTED_CERTIFICATE: {
      const signer = target.connection.tls?.ca ? 'the CA certificate set in Settings did not sign' : 'no CA this computer trusts has signed';
      return `The queue server at ${where} has a TLS certificate that ${signer}${detail(error)}; choose the CA certificate that signed it in ${QUEUE_SETTINGS}.`;
    }
    case CERTIFICATE_NAME_MISMATCH:
      return `The TLS certificate of the queue server at ${where} does not name ${host}${detail(error)}; in ${QUEUE_SETTINGS}, write the queue URL with a host name or address that the certificate lists.`;
    case CERTIFICATE_OUT_OF_DATE:
      return `The TLS certificate of the queue server at ${where} is out of date${detail(error)}; renew the server's certificate, or check this computer's date and time.`;
    case PLAIN_PORT:
      return `The queue server at ${where} speaks plain Redis on port ${port}, not TLS; in ${QUEUE_SETTINGS}, write redis:// in the queue URL for this port, or use the port Redis serves TLS on.`;
    case TLS_PORT:
      return `The queue server at ${where} speaks TLS on port ${port}; in ${QUEUE_SETTINGS}, write rediss:// in the queue URL.`;
    default:
      return null;
  }
}
