// Throwaway certificates for the TLS queue tests, made with Debian's openssl CLI (node:crypto makes
// keys but not X.509 certificates): a private CA, a Redis server certificate it signed for 127.0.0.1
// and localhost, and a second, unrelated CA that must not be trusted for that server.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPENSSL_MISSING = spawnSync('openssl', ['version']).error ? 'openssl is not installed (apt-get install openssl)' : undefined;

export interface TlsFiles {
  /** The CA that signed the server's certificate (PEM). */
  ca: string;
  /** A CA that did not. */
  otherCa: string;
  serverCert: string;
  serverKey: string;
}

function openssl(dir: string, args: string[]): void {
  const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${run.stderr}`);
}

/** A self-signed CA named `name`: name.pem and name.key in `dir`. Elliptic-curve keys, for speed. */
function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
  ]);
}

/** `serverNames`: the server certificate's subjectAltName entries. */
export function makeTlsFiles(dir: string, serverNames = 'IP:127.0.0.1,DNS:localhost'): TlsFiles {
  makeCa(dir, 'studio-ca');
  makeCa(dir, 'other-ca');
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'redis.key',
    '-out',
    'redis.csr',
  ]);
  writeFileSync(join(dir, 'redis.ext'), `subjectAltName=${serverNames}\n`);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'redis.csr',
    '-CA',
    'studio-ca.pem',
    '-CAkey',
    'studio-ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'redis.ext',
    '-out',
    'redis.pem',
  ]);
  return { ca: join(dir, 'studio-ca.pem'), otherCa: join(dir, 'other-ca.pem'), serverCert: join(dir, 'redis.pem'), serverKey: join(dir, 'redis.key') };
}
