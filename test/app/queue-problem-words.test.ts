// The app's sentence for each TLS problem the distributed code names: the fix in terms of Settings,
// never a CLI option, and nothing for failures that are not TLS problems (the caller words those).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queueProblemWords } from '../../electron/app/queue-problem-words.ts';
import {
  CERTIFICATE_NAME_MISMATCH,
  CERTIFICATE_OUT_OF_DATE,
  PLAIN_PORT,
  queueUnusable,
  TLS_PORT,
  UNTRUSTED_CERTIFICATE,
} from '../../electron/distributed/queue-failure.ts';
import { trustQueueCa } from '../../electron/distributed/queue-ca.ts';
import { parseQueueUrl } from '../../electron/distributed/queue-url.ts';
import { DvarError } from '../../electron/engine/definitions.ts';

const target = parseQueueUrl('rediss://:secret@queue-host:6380', 'The queue URL');
const where = 'rediss://:***@queue-host:6380';
const failure = (problem: string, cause?: Error) => queueUnusable(target, 'the socket said so', 'the CLI hint', { problem, cause });

test("each TLS problem gets its own fix in the app's terms", () => {
  assert.equal(
    queueProblemWords(
      target,
      failure(
        CERTIFICATE_NAME_MISMATCH,
        new Error("Hostname/IP does not match certificate's altnames: Host: queue-host. is not in the cert's altnames: DNS:other"),
      ),
    ),
    `The TLS certificate of the queue server at ${where} does not name queue-host (Hostname/IP does not match certificate's altnames: Host: queue-host. is not in the cert's altnames: DNS:other); in Settings → Where batches run, write the queue URL with a host name or address that the certificate lists.`,
  );
  assert.equal(
    queueProblemWords(target, failure(CERTIFICATE_OUT_OF_DATE, new Error('certificate has expired'))),
    `The TLS certificate of the queue server at ${where} is out of date (certificate has expired); renew the server's certificate, or check this computer's date and time.`,
  );
  assert.equal(
    queueProblemWords(target, failure(PLAIN_PORT)),
    `The queue server at ${where} speaks plain Redis on port 6380, not TLS; in Settings → Where batches run, write redis:// in the queue URL for this port, or use the port Redis serves TLS on.`,
  );
  const plain = parseQueueUrl('redis://queue-host:6380', 'The queue URL');
  assert.equal(
    queueProblemWords(plain, queueUnusable(plain, 'x', undefined, { problem: TLS_PORT })),
    'The queue server at redis://queue-host:6380 speaks TLS on port 6380; in Settings → Where batches run, write rediss:// in the queue URL.',
  );
});

test('an untrusted certificate: choose the CA in Settings, saying whether the one set there is the wrong one', () => {
  const cause = new Error('self-signed certificate in certificate chain');
  assert.equal(
    queueProblemWords(target, failure(UNTRUSTED_CERTIFICATE, cause)),
    `The queue server at ${where} has a TLS certificate that no CA this computer trusts has signed (self-signed certificate in certificate chain); choose the CA certificate that signed it in Settings → Where batches run.`,
  );
  const withCa = { ...target, connection: { ...target.connection, tls: { ...target.connection.tls, ca: 'PEM' } } };
  assert.match(
    queueProblemWords(withCa, failure(UNTRUSTED_CERTIFICATE, cause))!,
    /has a TLS certificate that the CA certificate set in Settings did not sign \(/,
  );
});

test('no CLI option in any of them, and nothing for failures that are not TLS problems', () => {
  for (const problem of [UNTRUSTED_CERTIFICATE, CERTIFICATE_NAME_MISMATCH, CERTIFICATE_OUT_OF_DATE, PLAIN_PORT, TLS_PORT]) {
    const words = queueProblemWords(target, failure(problem, new Error('why')))!;
    assert.doesNotMatch(words, /--|the CLI hint/, problem);
  }
  assert.equal(queueProblemWords(target, queueUnusable(target, 'connect ECONNREFUSED 127.0.0.1:6380')), null);
  assert.equal(queueProblemWords(target, new Error('boom')), null);
  assert.throws(
    () => trustQueueCa(parseQueueUrl('redis://queue-host'), '/ca.pem'),
    (error: Error) => error instanceof DvarError && queueProblemWords(target, error) === null,
  );
});
