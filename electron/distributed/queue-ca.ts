// A private CA for a rediss:// queue: a Redis server whose certificate was signed by the studio's own
// CA (not one the operating system knows) is trusted by giving that CA's certificate, in PEM, to the
// submitter and every worker. It replaces the system's CAs for this connection only, so a private
// queue trusts exactly the CA its owner named. Read once, up front, so a wrong path gets one sentence
// before anything connects.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DvarError } from '../engine/definitions.ts';
import type { QueueTarget } from './queue-url.ts';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM certificates in `file` (a CA bundle may hold several), or a sentence saying what is wrong. */
export function readCaCertificates(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message.split('\n')[0];
    throw new DvarError(
      'USAGE',
      `The CA certificate ${file} cannot be read (${why}); give the PEM file of the CA that signed the Redis server's certificate.`,
      { cause: error },
    );
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    throw new DvarError(
      'USAGE',
      `The CA certificate ${file} holds no PEM certificate (a -----BEGIN CERTIFICATE----- block); give the CA's certificate, not its key or a request.`,
    );
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block); // a damaged block would otherwise fail later as "Connection is closed."
    } catch (error) {
      throw new DvarError(
        'USAGE',
        `The CA certificate ${file} holds a damaged certificate (${(error as Error).message.split('\n')[0]}); export the CA's certificate again.`,
        { cause: error },
      );
    }
  }
  return blocks.join('\n');
}

/**
 * `target` trusting only the CA certificates in `file` (none given: the system's CAs, as for any TLS
 * client); a CA for a redis:// (plain) URL is a mistake worth saying.
 */
export function trustQueueCa(target: QueueTarget, file: string | undefined): QueueTarget {
  if (file === undefined) return target;
  const { tls } = target.connection;
  if (!tls) {
    throw new DvarError(
      'USAGE',
      `A CA certificate was given for ${target.display}, which does not use TLS; write rediss:// for a TLS server, or leave the CA out.`,
    );
  }
  return { ...target, connection: { ...target.connection, tls: { ...tls, ca: readCaCertificates(file) } } };
}
