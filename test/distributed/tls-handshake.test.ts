// The TLS handshake a rediss:// queue gets before use, against in-process servers: a trusted
// certificate passes; one that names another host, one from a CA not given, and a port that accepts
// connections but never answers each get their own sentence.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer as createPlainServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { trustQueueCa } from '../../electron/distributed/queue-ca.ts';
import { CERTIFICATE_NAME_MISMATCH, UNTRUSTED_CERTIFICATE } from '../../electron/distributed/queue-failure.ts';
import { parseQueueUrl } from '../../electron/distributed/queue-url.ts';
import { checkTlsHandshake } from '../../electron/distributed/tls-handshake.ts';
import { makeTempDir } from '../helpers/images.ts';
import { makeTlsFiles, OPENSSL_MISSING, type TlsFiles } from './tls-certificates.ts';

const skip = OPENSSL_MISSING;
const { dir, cleanup } = makeTempDir('tls-handshake');
let forLoopback: TlsFiles;
let forElsewhere: TlsFiles;
const servers: Server[] = [];

function listen(server: Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

const tlsServer = (files: TlsFiles) =>
  listen(createTlsServer({ cert: readFileSync(files.serverCert), key: readFileSync(files.serverKey) }, (socket) => socket.end()));

before(() => {
  if (skip) return;
  mkdirSync(join(dir, 'loopback'));
  mkdirSync(join(dir, 'elsewhere'));
  forLoopback = makeTlsFiles(join(dir, 'loopback'));
  forElsewhere = makeTlsFiles(join(dir, 'elsewhere'), 'DNS:queue.elsewhere.test');
});

after(() => {
  for (const server of servers) server.close();
  cleanup();
});

const target = (port: number, ca?: string) => trustQueueCa(parseQueueUrl(`rediss://:pw@127.0.0.1:${port}`), ca);

test('a certificate signed by the given CA and naming the address passes', { skip }, async () => {
  await checkTlsHandshake(target(await tlsServer(forLoopback), forLoopback.ca), 5000);
});

test('a certificate for another host name: the sentence says to connect with a name it lists', { skip }, async () => {
  const port = await tlsServer(forElsewhere);
  await assert.rejects(checkTlsHandshake(target(port, forElsewhere.ca), 5000), (error: Error & { code?: string; params?: Record<string, string> }) => {
    assert.equal(error.code, 'RUNTIME');
    assert.equal(error.params?.queueProblem, CERTIFICATE_NAME_MISMATCH);
    assert.match(
      error.message,
      /^Cannot use the queue at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(.*IP: 127\.0\.0\.1 is not in the cert's list.*\); connect with a host name or address that the certificate lists\.$/,
    );
    return true;
  });
});

test('a CA that did not sign the certificate: the untrusted-certificate problem, for each front end to word its fix', { skip }, async () => {
  const port = await tlsServer(forLoopback);
  await assert.rejects(checkTlsHandshake(target(port, forLoopback.otherCa), 5000), (error: Error & { params?: Record<string, string> }) => {
    assert.match(error.message, /\(its TLS certificate is not signed by a CA this connection trusts: .+\)\.$/);
    assert.equal(error.params?.queueProblem, UNTRUSTED_CERTIFICATE);
    return true;
  });
});

test('a port that takes the connection and never answers: no handshake within the time given', { skip }, async () => {
  const port = await listen(createPlainServer(() => undefined));
  await assert.rejects(checkTlsHandshake(target(port), 1500), /\(no TLS handshake within 1.5 s\); check the address and that Redis serves TLS there\.$/);
});
