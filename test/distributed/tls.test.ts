// A real TLS Redis (redis-server --tls-port, TLS only, with a password) and certificates from a
// throwaway private CA: a worker and a submitter given that CA restore a photo over rediss://; a CA that
// did not sign the server's certificate, a rediss:// URL at a plain port and a redis:// URL at the TLS
// port each get one sentence naming the fix. Skips only where redis-server or openssl lack TLS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { startWorker, submit, TINY, type WorkerProcess } from './queue-processes.ts';
import { redisTlsMissing, RedisServer } from './redis-server.ts';
import { makeTlsFiles, OPENSSL_MISSING, type TlsFiles } from './tls-certificates.ts';

const skip = redisTlsMissing() ?? OPENSSL_MISSING;
const { dir, cleanup } = makeTempDir('queue-tls');
const PASSWORD = 's3cret over tls';
let files: TlsFiles;
let tlsRedis: RedisServer;
let plainRedis: RedisServer;
let worker: WorkerProcess | undefined;

before(async () => {
  if (skip) return;
  files = makeTlsFiles(dir);
  tlsRedis = await RedisServer.start({ password: PASSWORD, tls: { certFile: files.serverCert, keyFile: files.serverKey, caFile: files.ca } });
  plainRedis = await RedisServer.start({ password: PASSWORD });
});

after(async () => {
  await worker?.stop();
  await tlsRedis?.dispose();
  await plainRedis?.dispose();
  cleanup();
});

const photo = (name: string) => join(dir, `${name}.png`);

test('a worker and a submitter given the private CA restore a photo over rediss:// with the password', { skip }, async () => {
  assert.match(tlsRedis.url, /^rediss:\/\//);
  worker = startWorker(tlsRedis.url, ['--queue-ca', files.ca]);
  await worker.ready;
  assert.match(worker.log(), /ready on rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+ /);
  const folder = join(dir, 'ok');
  mkdirSync(folder);
  await writePhoto(join(folder, 'p.png'), 32, 24);
  const r = await submit(tlsRedis.url, ['--queue-ca', files.ca, ...TINY, folder]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(folder, 'p-dvar-x4.png')));
  assert.ok(!`${r.stderr}${worker.log()}`.includes('s3cret'), 'the password is never printed');
  assert.ok(!/DeprecationWarning|Warning:/.test(`${r.stderr}${worker.log()}`), 'no TLS warnings reach users');
});

test('a certificate signed by a CA the client was not given: one sentence naming --queue-ca', { skip }, async () => {
  const sentence = (why: string) =>
    new RegExp(
      `^dvar( worker)?: Cannot use the queue at rediss://:\\*\\*\\*@127\\.0\\.0\\.1:${tlsRedis.port} \\(its TLS certificate is not signed by a CA this connection trusts: ${why}\\); ` +
        'pass --queue-ca FILE with the CA certificate \\(PEM\\) that signed it, to the submitter and every worker\\.\\n$',
    );
  const otherCa = await submit(tlsRedis.url, ['--queue-ca', files.otherCa, ...TINY, photo('x')]);
  assert.equal(otherCa.code, 1);
  assert.match(otherCa.stderr, sentence('[a-z -]+'));
  const systemCas = await submit(tlsRedis.url, [...TINY, photo('x')]);
  assert.equal(systemCas.code, 1);
  assert.match(systemCas.stderr, sentence('[a-z -]+'));
  const lonely = startWorker(tlsRedis.url, ['--queue-ca', files.otherCa]);
  const exit = await new Promise<number | null>((resolve) => lonely.child.once('exit', resolve));
  assert.equal(exit, 1);
  assert.match(lonely.log(), sentence('[a-z -]+'));
});

test('rediss:// at a plain port and redis:// at the TLS port: one sentence saying which scheme to write', { skip }, async () => {
  const atPlain = await submit(`rediss://:pw@127.0.0.1:${plainRedis.port}`, [...TINY, photo('x')]);
  assert.equal(atPlain.code, 1);
  assert.equal(
    atPlain.stderr,
    `dvar: Cannot use the queue at rediss://:***@127.0.0.1:${plainRedis.port} (the server answers in plain text, not TLS); write redis:// for this port, or use the port Redis serves TLS on (its tls-port).\n`,
  );
  const atTls = await submit(`redis://:pw@127.0.0.1:${tlsRedis.port}`, [...TINY, photo('x')]);
  assert.equal(atTls.code, 1);
  assert.equal(
    atTls.stderr,
    `dvar: Cannot use the queue at redis://:***@127.0.0.1:${tlsRedis.port} (the server speaks TLS on this port); write rediss:// for it.\n`,
  );
});

test('--queue-ca with a redis:// URL, a missing file or a file without a certificate: a usage sentence, exit 2', { skip }, async () => {
  const plainUrl = await submit(plainRedis.url, ['--queue-ca', files.ca, ...TINY, photo('x')]);
  assert.equal(plainUrl.code, 2);
  assert.equal(
    plainUrl.stderr,
    `dvar: A CA certificate was given for redis://:***@127.0.0.1:${plainRedis.port}, which does not use TLS; write rediss:// for a TLS server, or leave the CA out.\n`,
  );
  const missing = startWorker(tlsRedis.url, ['--queue-ca', join(dir, 'nowhere.pem')]);
  assert.equal(await new Promise((resolve) => missing.child.once('exit', resolve)), 2);
  assert.match(
    missing.log(),
    /^dvar worker: The CA certificate .*nowhere\.pem cannot be read \(there is no such file\); give the PEM file of the CA that signed the Redis server's certificate\.\n$/,
  );
  const key = await submit(tlsRedis.url, ['--queue-ca', files.serverKey, ...TINY, photo('x')]);
  assert.equal(key.code, 2);
  assert.match(key.stderr, /holds no PEM certificate \(a -----BEGIN CERTIFICATE----- block\); give the CA's certificate, not its key or a request\.\n$/);
});
