// --queue-ca files: every PEM certificate in a CA bundle is kept, and a wrong file (missing, a key, a
// damaged certificate) or a CA for a plain redis:// URL gets one sentence before anything connects.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCaCertificates, trustQueueCa } from '../../electron/distributed/queue-ca.ts';
import { parseQueueUrl } from '../../electron/distributed/queue-url.ts';
import { makeTempDir } from '../helpers/images.ts';
import { makeTlsFiles, OPENSSL_MISSING } from './tls-certificates.ts';

const skip = OPENSSL_MISSING;
const { dir, cleanup } = makeTempDir('queue-ca');
after(cleanup);

const usageError = (pattern: RegExp) => (error: Error & { code?: string }) => {
  assert.equal(error.code, 'USAGE');
  assert.match(error.message, pattern);
  return true;
};

test('a bundle of two CA certificates is read whole, with the text around them left out', { skip }, () => {
  const files = makeTlsFiles(dir);
  const bundle = join(dir, 'bundle.pem');
  writeFileSync(bundle, `# studio CAs\n${readFileSync(files.ca, 'utf8')}\nsome comment\n${readFileSync(files.otherCa, 'utf8')}`);
  const pem = readCaCertificates(bundle);
  assert.equal(pem.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2);
  assert.ok(!pem.includes('comment'));
  const target = trustQueueCa(parseQueueUrl('rediss://:pw@queue.local:6390'), bundle);
  assert.equal(target.connection.tls?.ca, pem);
  assert.equal(target.connection.tls?.servername, 'queue.local', 'the host name is still checked');
  assert.equal(target.display, 'rediss://:***@queue.local:6390');
});

test('no CA file leaves the target as parsed: the system CAs, as for any TLS client', () => {
  const target = parseQueueUrl('rediss://queue.local');
  assert.equal(trustQueueCa(target, undefined), target);
});

test('a missing file, a key, a damaged certificate or a plain redis:// URL: one sentence', () => {
  const tlsTarget = parseQueueUrl('rediss://queue.local');
  assert.throws(
    () => trustQueueCa(tlsTarget, join(dir, 'none.pem')),
    usageError(/^The CA certificate .*none\.pem cannot be read \(there is no such file\); give the PEM file/),
  );
  const key = join(dir, 'key.pem');
  writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n');
  assert.throws(() => trustQueueCa(tlsTarget, key), usageError(/holds no PEM certificate .*; give the CA's certificate, not its key or a request\.$/));
  const damaged = join(dir, 'damaged.pem');
  writeFileSync(damaged, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
  assert.throws(() => trustQueueCa(tlsTarget, damaged), usageError(/holds a damaged certificate \(.+\); export the CA's certificate again\.$/));
  assert.throws(
    () => trustQueueCa(parseQueueUrl('redis://:pw@queue.local'), damaged),
    usageError(
      /^A CA certificate was given for redis:\/\/:\*\*\*@queue\.local, which does not use TLS; write rediss:\/\/ for a TLS server, or leave the CA out\.$/,
    ),
  );
});
