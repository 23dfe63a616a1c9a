// Closing the app while its queue server cannot be reached: the server killed (SIGKILL) while
// a batch is followed, and a re-attach whose server certificate the CA of Settings rejects. BullMQ's
// connections retry such a server for ever, and their close waited for it; the host must still close,
// and lose nothing: the jobs stay on Redis and the next start re-attaches to the same submission.
// Each test's `timeout` only turns a hang back into a failure; nothing here measures speed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { AppHost } from '../../electron/app/host.ts';
import { trustQueueCa } from '../../electron/distributed/queue-ca.ts';
import { parseQueueUrl } from '../../electron/distributed/queue-url.ts';
import { RESTORE_QUEUE_NAME } from '../../electron/distributed/restore-job.ts';
import type { QueueState, Settings } from '../../electron/ipc/contract.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { REDIS_SERVER_MISSING, redisTlsMissing, RedisServer } from '../distributed/redis-server.ts';
import { makeTlsFiles, OPENSSL_MISSING } from '../distributed/tls-certificates.ts';
import { nextEvent, tinyHost } from './host-helpers.ts';
import { TEST_QUEUE_SECRET } from '../distributed/queue-processes.ts';

// The app signs the jobs it sends with the queue secret of its environment, as the workers check them.
process.env.DVAR_QUEUE_SECRET = TEST_QUEUE_SECRET;

const { dir, cleanup } = makeTempDir('remote-batch-close');
const servers: RedisServer[] = [];
const hosts: AppHost[] = [];
/** Long enough for a loaded machine; a close that hangs fails here instead of stalling the suite. */
const GUARD = { timeout: 120_000 };

after(async () => {
  for (const host of hosts) await host.close();
  for (const server of servers) await server.dispose();
  cleanup();
});

async function openHost(data: string): Promise<AppHost> {
  const host = await tinyHost(data);
  hosts.push(host);
  return host;
}

async function closeHost(host: AppHost): Promise<void> {
  await host.close();
  hosts.splice(hosts.indexOf(host), 1);
}

/** Sends two photos to the queue server with no worker running, so their jobs wait there. */
async function sendPhotos(host: AppHost, name: string, queue: Partial<Settings>): Promise<QueueState> {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const inputs = [join(folder, 'a.png'), join(folder, 'b.png')];
  for (const input of inputs) await writePhoto(input, 40, 32);
  const { restore } = await host.handle('settings:get', {});
  await host.handle('settings:set', { ...queue, batchRunsOn: 'queue-server', outputDir: join(folder, 'out'), restore: { ...restore, scale: 2 } });
  await host.handle('queue:add', { paths: inputs, recursive: false });
  return await host.handle('queue:start', {});
}

async function jobsOnServer(url: string, caFile: string | undefined, state: QueueState): Promise<boolean[]> {
  const queue = new Queue(RESTORE_QUEUE_NAME, { connection: trustQueueCa(parseQueueUrl(url), caFile).connection });
  try {
    return await Promise.all(state.items.map(async (i) => (await queue.getJob(i.remote!.jobId)) !== undefined));
  } finally {
    await queue.close();
  }
}

const lost = (host: AppHost) =>
  nextEvent<QueueState>(host, 'queue:changed', (q) => /^Lost the connection to the queue server/.test(q.remote?.message ?? ''), 60_000);

test(
  'the queue server killed mid-batch: the host still closes, and the next one re-attaches to the same jobs',
  { ...GUARD, skip: REDIS_SERVER_MISSING },
  async () => {
    const redis = await RedisServer.start();
    servers.push(redis);
    const data = join(dir, 'killed-data');
    const host = await openHost(data);
    const sent = await sendPhotos(host, 'killed', { queueUrl: redis.url });
    assert.deepEqual(
      sent.items.map((i) => i.status),
      ['pending', 'pending'],
    );

    const saidLost = lost(host);
    await redis.kill();
    const message = (await saidLost).remote!.message!;
    assert.match(
      message,
      new RegExp(`^Lost the connection to the queue server at redis://127\\.0\\.0\\.1:${redis.port} \\(.+\\); reconnecting, and the workers carry on\\.$`),
    );
    await closeHost(host);

    await redis.restart(); // the append-only file kept the queue
    assert.deepEqual(await jobsOnServer(redis.url, undefined, sent), [true, true], 'the jobs stay on Redis');
    const next = await openHost(data);
    const reattached = await next.handle('queue:get', {});
    assert.deepEqual(reattached.remote?.submissions, sent.remote?.submissions);
    assert.deepEqual(
      reattached.items.map((i) => [i.status, i.remote?.jobId]),
      sent.items.map((i) => ['pending', i.remote?.jobId]),
    );
    await closeHost(next);
  },
);

test(
  'a re-attach whose server certificate the CA of Settings rejects: the host still closes, and nothing is lost',
  { ...GUARD, skip: redisTlsMissing() ?? OPENSSL_MISSING },
  async () => {
    const tlsDir = join(dir, 'tls');
    mkdirSync(tlsDir);
    const files = makeTlsFiles(tlsDir);
    const redis = await RedisServer.start({ tls: { certFile: files.serverCert, keyFile: files.serverKey, caFile: files.ca } });
    servers.push(redis);
    const caFile = join(tlsDir, 'settings-ca.pem'); // the file Settings names; replaced below by another CA
    copyFileSync(files.ca, caFile);
    const data = join(dir, 'tls-data');
    const host = await openHost(data);
    const sent = await sendPhotos(host, 'rejected', { queueUrl: redis.url, queueCaFile: caFile });
    await closeHost(host);

    copyFileSync(files.otherCa, caFile);
    const next = await openHost(data); // re-attaches at once, trusting only the other CA
    const message = (await lost(next)).remote!.message!;
    assert.match(message, /^Lost the connection to the queue server at rediss:\/\/127\.0\.0\.1:\d+ \(.+\); reconnecting, and the workers carry on\.$/);
    await closeHost(next);

    copyFileSync(files.ca, caFile);
    assert.deepEqual(await jobsOnServer(redis.url, files.ca, sent), [true, true], 'the jobs stay on Redis');
    const again = await openHost(data);
    assert.deepEqual((await again.handle('queue:get', {})).remote?.submissions, sent.remote?.submissions);
    await closeHost(again);
  },
);
