// Before a rediss:// queue is used: one TLS handshake on its own, with the options ioredis will use, so
// each way TLS goes wrong gets its own sentence. Through ioredis all of them read "Connection is
// closed.", and a rediss:// URL aimed at a plain Redis port is worse: plain Redis waits for the end of a
// line that a TLS hello never sends, so the client hangs until its connect timeout.
import { connect } from 'node:tls';
import { answersPlainRedis } from './port-probe.ts';
import { CERTIFICATE_NAME_MISMATCH, CERTIFICATE_OUT_OF_DATE, PLAIN_PORT, queueUnusable, UNTRUSTED_CERTIFICATE } from './queue-failure.ts';
import type { QueueTarget } from './queue-url.ts';
import type { DvarError } from '../engine/definitions.ts';

/** Node's codes for a chain that does not end at a CA this connection trusts. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);
const OUT_OF_DATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/** A real TLS server answers a hello in milliseconds; after this long connected and silent, ask in plain text. */
const PLAIN_SUSPICION_MS = 1000;

function certificateFailure(target: QueueTarget, error: NodeJS.ErrnoException): DvarError | undefined {
  const cause = error;
  const words = error.message.split('\n')[0]!;
  if (UNTRUSTED.has(error.code ?? '')) {
    return queueUnusable(target, `its TLS certificate is not signed by a CA this connection trusts: ${words}`, undefined, {
      problem: UNTRUSTED_CERTIFICATE,
      cause,
    });
  }
  if (OUT_OF_DATE.has(error.code ?? ''))
    return queueUnusable(target, `its TLS certificate is out of date: ${words}`, "renew the server's certificate, or check this machine's clock", {
      problem: CERTIFICATE_OUT_OF_DATE,
      cause,
    });
  if (error.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return queueUnusable(target, words, 'connect with a host name or address that the certificate lists', { problem: CERTIFICATE_NAME_MISMATCH, cause });
  return undefined;
}

const plainPort = (target: QueueTarget) =>
  queueUnusable(target, 'the server answers in plain text, not TLS', 'write redis:// for this port, or use the port Redis serves TLS on (its tls-port)', {
    problem: PLAIN_PORT,
  });

export function checkTlsHandshake(target: QueueTarget, timeoutMs: number): Promise<void> {
  const { host, port, tls } = target.connection;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ...tls });
    let settled = false;
    let suspicion: NodeJS.Timeout | undefined;
    const finish = (error?: DvarError) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(suspicion);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const deadline = setTimeout(
      () => finish(queueUnusable(target, `no TLS handshake within ${timeoutMs / 1000} s`, 'check the address and that Redis serves TLS there')),
      timeoutMs,
    );
    socket.once('connect', () => {
      suspicion = setTimeout(() => void answersPlainRedis(host, port).then((plain) => plain && finish(plainPort(target))), PLAIN_SUSPICION_MS);
    });
    socket.once('secureConnect', () => finish());
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const certificate = certificateFailure(target, error);
      if (certificate) return finish(certificate);
      // A plain server that happened to find a line end in the hello answers it with an error, which
      // reaches TLS as a malformed record; ask the port in plain text before blaming anything else.
      void answersPlainRedis(host, port).then((plain) =>
        finish(
          plain ? plainPort(target) : queueUnusable(target, error.message.split('\n')[0]!, 'check the address and that Redis is running', { cause: error }),
        ),
      );
    });
  });
}
