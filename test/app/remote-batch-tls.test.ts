// The app's queue mode over TLS through the host's request API, against a real redis-server
// serving TLS only with a password and a certificate from a throwaway private CA: the CA certificate
// setting is checked once when set (with `~` from home), Test connection without it says in the app's
// words which CA to choose in Settings, with it the server answers, a redis:// URL at the TLS port says
// to write rediss://, and Start, Cancel, re-attaching after a restart and a CA changed mid-batch use it:
// the photos reach done with a real worker given the same CA.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AppHost } from '../../electron/app/host.ts';
import type { QueueState } from '../../electron/ipc/contract.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { startWorker, TEST_QUEUE_SECRET, type WorkerProcess } from '../distributed/queue-processes.ts';
import { redisTlsMissing, RedisServer } from '../distributed/redis-server.ts';
import { makeTlsFiles, OPENSSL_MISSING, type TlsFiles } from '../distributed/tls-certificates.ts';
import { nextEvent, queueIdle, tinyHost } from './host-helpers.ts';

// The app signs the jobs it sends with the queue secret of its environment, as the workers check them.
process.env.DVAR_QUEUE_SECRET = TEST_QUEUE_SECRET;

const skip = redisTlsMissing() ?? OPENSSL_MISSING;
const PASSWORD = 'tls-studio-secret';
const { dir, cleanup } = makeTempDir('remote-batch-tls');
let files: TlsFiles;
let redis: RedisServer;
let host: AppHost | undefined;
let worker: WorkerProcess | undefined;

before(async () => {
  if (skip) return;
  files = makeTlsFiles(dir);
  redis = await RedisServer.start({ password: PASSWORD, tls: { certFile: files.serverCert, keyFile: files.serverKey, caFile: files.ca } });
  host = await tinyHost(join(dir, 'data'));
});

after(async () => {
  await host?.close();
  await worker?.stop();
  await redis?.dispose();
  cleanup();
});

const masked = () => `rediss://:***@127.0.0.1:${redis.port}`;
const testQueue = async (request: { url?: string; caFile?: string | null } = {}) => await host!.handle('settings:test-queue', request);
const settings = async () => await host!.handle('settings:get', {});

test('the CA certificate setting is read once when set: a missing file or a key gets one sentence, ~ starts from home', { skip }, async () => {
  await assert.rejects(host!.handle('settings:set', { queueCaFile: join(dir, 'nope.pem') }), (error: Error) => {
    assert.equal(
      error.message,
      `The CA certificate ${join(dir, 'nope.pem')} cannot be read (there is no such file); give the PEM file of the CA that signed the Redis server's certificate.`,
    );
    return true;
  });
  await assert.rejects(
    host!.handle('settings:set', { queueCaFile: files.serverKey }),
    /holds no PEM certificate .*; give the CA's certificate, not its key or a request\.$/,
  );
  assert.equal((await settings()).queueCaFile, null, 'a refused file changes nothing');

  const home = process.env.HOME;
  process.env.HOME = dir; // homedir() follows $HOME on POSIX
  try {
    assert.equal((await host!.handle('settings:set', { queueCaFile: `~/${relative(dir, files.ca)}` })).queueCaFile, files.ca);
    assert.equal((await host!.handle('settings:set', { queueCaFile: relative(dir, files.ca) })).queueCaFile, files.ca);
  } finally {
    process.env.HOME = home;
  }
  assert.equal((await host!.handle('settings:set', { queueCaFile: ' ' })).queueCaFile, null, 'empty: none');
});

test("Test connection without the CA names the untrusted certificate in the app's words; with it the server answers", { skip }, async () => {
  const untrusted = await testQueue({ url: redis.url, caFile: null });
  assert.equal(untrusted.ok, false);
  assert.match(
    untrusted.message,
    new RegExp(
      `^The queue server at ${masked().replace(/[*/.]/g, '\\$&')} has a TLS certificate that no CA this computer trusts has signed \\(.+\\); choose the CA certificate that signed it in Settings → Where batches run\\.$`,
    ),
  );
  assert.doesNotMatch(untrusted.message, /--/);

  const wrongCa = await testQueue({ url: redis.url, caFile: files.otherCa });
  assert.match(
    wrongCa.message,
    /has a TLS certificate that the CA certificate set in Settings did not sign \(.+\); choose the CA certificate that signed it in Settings → Where batches run\.$/,
  );

  const trusted = await testQueue({ url: redis.url, caFile: files.ca });
  assert.deepEqual(trusted, {
    ok: true,
    message: `The queue server at ${masked()} answers; no worker is connected yet (start one with npm run worker -- --queue URL --queue-ca CA.pem).`,
  });

  // Without caFile the stored one is used; the plain scheme at the TLS port says to write rediss://.
  await host!.handle('settings:set', { queueUrl: redis.url, queueCaFile: files.ca });
  assert.equal((await testQueue()).ok, true);
  const plainScheme = await testQueue({ url: redis.url.replace(/^rediss:/, 'redis:') });
  assert.equal(
    plainScheme.message,
    `The queue server at redis://:***@127.0.0.1:${redis.port} speaks TLS on port ${redis.port}; in Settings → Where batches run, write rediss:// in the queue URL.`,
  );
});

test('Start, Cancel and re-attaching go through the CA of Settings; a worker given it restores the photos', { skip }, async () => {
  const photos = join(dir, 'photos');
  mkdirSync(photos, { recursive: true });
  const [cancelled, ...inputs] = [join(photos, 'cancel-me.png'), join(photos, 'tls-0.png'), join(photos, 'tls-1.png')];
  await writePhoto(cancelled, 48, 32);
  await writePhoto(inputs[0], 64, 48);
  await writePhoto(inputs[1], 40, 40);
  await host!.handle('settings:set', {
    queueUrl: redis.url,
    queueCaFile: files.otherCa,
    batchRunsOn: 'queue-server',
    outputDir: join(dir, 'out'),
    restore: { ...(await settings()).restore, scale: 2 },
  });
  await host!.handle('queue:add', { paths: [cancelled], recursive: false });
  await assert.rejects(host!.handle('queue:start', {}), (error: Error) => {
    assert.match(
      error.message,
      /did not sign \(.+\); choose the CA certificate that signed it in Settings → Where batches run; the photos stay waiting here and nothing was sent\.$/,
    );
    return true;
  });
  assert.deepEqual(
    (await host!.handle('queue:get', {})).items.map((i) => [i.status, i.remote ?? null]),
    [['pending', null]],
  );

  // With the right CA: sent, and cancelled while no worker runs (Cancel reaches the server over TLS too).
  await host!.handle('settings:set', { queueCaFile: files.ca });
  assert.equal((await host!.handle('queue:start', {})).remote?.server, masked());
  const afterCancel = await host!.handle('queue:cancel', {});
  assert.deepEqual(
    afterCancel.items.map((i) => i.status),
    ['cancelled'],
  );
  assert.equal(afterCancel.remote?.message, 'Cancelled 1 photo still waiting on the queue server.');
  await host!.handle('queue:remove', { id: afterCancel.items[0]!.id });

  // Sent, then the app closes; the next host re-attaches with the stored CA and follows them to done.
  await host!.handle('queue:add', { paths: inputs, recursive: false });
  await host!.handle('queue:start', {});
  await host!.close();
  host = await tinyHost(join(dir, 'data'));
  // The CA changed while a batch is followed: a wrong one is said at once and not connected with;
  // the right one again follows the photos.
  const refused = nextEvent<QueueState>(host, 'queue:changed', (q) => /did not sign/.test(q.remote?.message ?? ''));
  await host.handle('settings:set', { queueCaFile: files.otherCa });
  assert.match(
    (await refused).remote!.message!,
    /did not sign \(.+\); choose the CA certificate that signed it in Settings → Where batches run; the photos sent there are followed again once it can be reached\.$/,
  );
  await host.handle('settings:set', { queueCaFile: files.ca });
  worker = startWorker(redis.url, ['--queue-ca', files.ca, '--lock-seconds', '30']);
  const idle = queueIdle(host);
  await worker.ready;
  const final = await idle;
  assert.deepEqual(
    final.items.map((i) => [i.status, i.error]),
    [
      ['done', null],
      ['done', null],
    ],
    worker.log(),
  );
  for (const name of ['tls-0-dvar-x2.png', 'tls-1-dvar-x2.png']) assert.ok(existsSync(join(dir, 'out', name)), name);
});
