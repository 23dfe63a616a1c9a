// The app's queue mode through the host's request API, against a real redis-server with a
// password on a loopback port and a real worker process (`npm run worker`) restoring with the tiny
// pack: an unreachable server is one sentence and the photos stay waiting; the password never goes
// back to the window or the log; Start sends the photos, the rows go running (pass, tile, worker) and
// done with their files written; a host closed mid-batch re-attaches when it is created again; Cancel
// removes the photos still waiting while the one on a worker finishes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import sharp from 'sharp';
import type { AppHost } from '../../electron/app/host.ts';
import { parseQueueUrl } from '../../electron/distributed/queue-url.ts';
import { RESTORE_QUEUE_NAME } from '../../electron/distributed/restore-job.ts';
import type { QueueItem, QueueState } from '../../electron/ipc/contract.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { startWorker, TEST_QUEUE_SECRET, type WorkerProcess } from '../distributed/queue-processes.ts';
import { REDIS_SERVER_MISSING, RedisServer } from '../distributed/redis-server.ts';
import { nextEvent, queueIdle, tinyHost } from './host-helpers.ts';

// The app signs the jobs it sends with the queue secret of its environment, as the workers check them.
process.env.DVAR_QUEUE_SECRET = TEST_QUEUE_SECRET;

const skip = REDIS_SERVER_MISSING;
const PASSWORD = 'studio-secret-42';
const { dir, cleanup } = makeTempDir('remote-batch');
const data = join(dir, 'data');
let redis: RedisServer;
let host: AppHost | undefined;
let worker: WorkerProcess | undefined;

before(async () => {
  if (skip) return;
  redis = await RedisServer.start({ password: PASSWORD });
});

after(async () => {
  await host?.close();
  await worker?.stop();
  await redis?.dispose();
  cleanup();
});

async function photos(name: string, sides: Array<[number, number]>): Promise<string[]> {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const paths = sides.map((_, i) => join(folder, `${name}-${i}.png`));
  await Promise.all(sides.map(([w, h], i) => writePhoto(paths[i]!, w, h)));
  return paths;
}

async function useQueueServer(url: string): Promise<void> {
  await host!.handle('settings:set', {
    queueUrl: url,
    batchRunsOn: 'queue-server',
    outputDir: join(dir, 'out'),
    restore: { ...(await settings()).restore, scale: 2 },
  });
}

const settings = async () => await host!.handle('settings:get', {});
const rows = (state: QueueState, inputs: string[]) => inputs.map((input) => state.items.find((i) => i.input === input)!);

async function clearQueue(): Promise<void> {
  const state = await host!.handle('queue:get', {});
  for (const item of state.items) await host!.handle('queue:remove', { id: item.id });
}

test('an unreachable queue server is one sentence; the photos stay waiting and nothing is lost', { skip }, async () => {
  host = await tinyHost(data);
  await useQueueServer('redis://127.0.0.1:1');
  const [photo] = await photos('unreachable', [[32, 24]]);
  await host.handle('queue:add', { paths: [photo!], recursive: false });
  await assert.rejects(host.handle('queue:start', {}), (error: Error) => {
    assert.equal(
      error.message,
      'Nothing answers at redis://127.0.0.1:1 (connection refused); check the address and port, and that Redis is running there; the photos stay waiting here and nothing was sent.',
    );
    return true;
  });
  const state = await host.handle('queue:get', {});
  assert.deepEqual(
    state.items.map((i) => [i.status, i.remote ?? null, i.output]),
    [['pending', null, null]],
  );
  assert.equal(state.remote, null);
  const tested = await host.handle('settings:test-queue', {});
  assert.deepEqual(tested, {
    ok: false,
    message: 'Nothing answers at redis://127.0.0.1:1 (connection refused); check the address and port, and that Redis is running there.',
  });
  await clearQueue();
});

test('the queue URL is validated once, its password never goes back to the window, and *** keeps it', { skip }, async () => {
  await assert.rejects(
    host!.handle('settings:set', { queueUrl: 'http://queue-host:6379' }),
    /^HostError: The queue URL http:\/\/queue-host:6379 is not a Redis URL \(the scheme is http\); write redis:\/\/HOST:PORT or rediss:\/\/HOST:PORT for TLS\.$/,
  );
  await assert.rejects(host!.handle('settings:set', { queueUrl: '', batchRunsOn: 'queue-server' }), /before choosing to run batches on it/);
  const wrong = await host!.handle('settings:test-queue', { url: `redis://:nope@127.0.0.1:${redis.port}` });
  assert.deepEqual(wrong, {
    ok: false,
    message: `The queue server at redis://:***@127.0.0.1:${redis.port} refused the password; check the password in the URL.`,
  });
  const missing = await host!.handle('settings:test-queue', { url: `redis://127.0.0.1:${redis.port}` });
  assert.match(missing.message, /asks for a password; write it in the URL as redis:\/\/:PASSWORD@HOST:PORT\.$/);
  const tls = await host!.handle('settings:test-queue', { url: `rediss://127.0.0.1:${redis.port}` });
  assert.equal(tls.ok, false);
  assert.match(tls.message, /TLS/);

  const shown = await host!.handle('settings:set', { queueUrl: redis.url });
  assert.equal(shown.queueUrl, `redis://:***@127.0.0.1:${redis.port}`);
  assert.equal((await settings()).queueUrl, shown.queueUrl);
  // The window sends back what it shows: the stored password is kept, so the test still passes.
  await host!.handle('settings:set', { queueUrl: shown.queueUrl });
  const ok = await host!.handle('settings:test-queue', {});
  assert.deepEqual(ok, {
    ok: true,
    message: `The queue server at redis://:***@127.0.0.1:${redis.port} answers; no worker is connected yet (start one with npm run worker -- --queue URL).`,
  });
  assert.equal(((await host!.handle('settings:test-queue', { url: shown.queueUrl })) as { ok: boolean }).ok, true);
  assert.ok(readFileSync(join(data, 'config.json'), 'utf8').includes(PASSWORD), 'stored with the settings');
});

test('Start sends the photos; after the host is recreated it re-attaches and the rows go running and done with the files written', { skip }, async () => {
  await useQueueServer(redis.url);
  const inputs = await photos('sent', [
    [160, 120],
    [80, 80],
  ]);
  await host!.handle('queue:add', { paths: inputs, recursive: false });
  const sent = await host!.handle('queue:start', {});
  const outputs = [join(dir, 'out', 'sent-0-dvar-x2.png'), join(dir, 'out', 'sent-1-dvar-x2.png')];
  assert.deepEqual(
    rows(sent, inputs).map((r) => [r.status, r.output, r.remote?.jobId.startsWith('restore-')]),
    outputs.map((o) => ['pending', o, true]),
  );
  assert.equal(sent.remote?.server, `redis://:***@127.0.0.1:${redis.port}`);
  assert.equal(sent.remote?.submissions.length, 1);
  assert.equal(sent.running, false, 'nothing runs on this computer');

  // Closed before any worker took them: the link is kept and followed again by the next host.
  await host!.close();
  host = await tinyHost(data);
  const seen: QueueItem[] = [];
  host.on((channel, payload) => {
    if (channel === 'queue:changed') seen.push(...rows(payload as QueueState, inputs).filter((r) => r.status === 'running'));
  });
  const reattached = await host.handle('queue:get', {});
  assert.deepEqual(
    rows(reattached, inputs).map((r) => r.status),
    ['pending', 'pending'],
  );
  assert.equal(reattached.remote?.submissions[0], sent.remote?.submissions[0]);

  const idle = queueIdle(host);
  worker = startWorker(redis.url, ['--lock-seconds', '30']); // a loaded machine must not look like a dead worker
  await worker.ready;
  const final = await idle;
  assert.deepEqual(
    rows(final, inputs).map((r) => [r.status, r.error, r.progress]),
    [
      ['done', null, 1],
      ['done', null, 1],
    ],
  );
  assert.ok(
    rows(final, inputs).every((r) => /:\d+$/.test(r.remote?.worker ?? '')),
    'each row names its worker',
  );
  const passes = seen.filter((r) => r.remote?.pass);
  assert.ok(passes.length > 0, 'running rows carry their pass and tile');
  for (const r of passes) assert.ok(r.remote!.pass!.scale >= 1 && r.remote!.pass!.scale <= r.remote!.pass!.scales && r.progress < 1, JSON.stringify(r));
  for (const [k, output] of outputs.entries()) {
    const meta = await sharp(output).metadata();
    const [w, h] = k === 0 ? [160, 120] : [80, 80];
    assert.deepEqual([meta.width, meta.height], [2 * w, 2 * h]);
  }
  assert.equal(final.remote?.message ?? null, null);
  await clearQueue();
});

test('Cancel removes the photos still waiting on the server; the one on a worker finishes', { skip }, async () => {
  const inputs = await photos('cancel', [
    [320, 240],
    [64, 48],
    [64, 48],
  ]);
  await host!.handle('queue:add', { paths: inputs, recursive: false });
  const running = nextEvent<QueueState>(host!, 'queue:changed', (q) => q.items.some((i) => i.status === 'running'), 30_000);
  await host!.handle('queue:start', {});
  await running;
  const cancelled = await host!.handle('queue:cancel', {});
  const after = rows(cancelled, inputs);
  const gone = after.filter((r) => r.status === 'cancelled');
  assert.ok(gone.length >= 1, after.map((r) => r.status).join(' '));
  assert.equal(cancelled.remote?.workers, 1, 'the view can say how many workers are connected');
  const onWorker = after.filter((r) => r.status !== 'cancelled');
  assert.equal(
    cancelled.remote?.message,
    `Cancelled ${gone.length} photo${gone.length === 1 ? '' : 's'} still waiting on the queue server; ${onWorker.length === 1 ? '1 photo' : `${onWorker.length} photos`} already on a worker will finish.`,
  );

  const final = await queueIdle(host!);
  for (const r of rows(final, inputs)) {
    if (gone.some((g) => g.id === r.id)) {
      assert.equal(r.status, 'cancelled');
      assert.equal(existsSync(r.output!), false, 'a cancelled photo writes nothing');
    } else {
      assert.equal(r.status, 'done');
      assert.equal(existsSync(r.output!), true);
    }
  }
  const queue = new Queue(RESTORE_QUEUE_NAME, { connection: parseQueueUrl(redis.url).connection });
  try {
    for (const g of gone) assert.equal(await queue.getJob(g.remote!.jobId), undefined, 'its job left the queue');
  } finally {
    await queue.close();
  }
  assert.match(final.remote?.message ?? '', /^Cancelled /, 'the view keeps saying what Cancel did');
});

test('no log line holds the password', { skip }, () => {
  const logs = join(data, 'logs');
  const text = readdirSync(logs)
    .map((name) => readFileSync(join(logs, name), 'utf8'))
    .join('\n');
  assert.match(text, /queue server at redis:\/\/:\*\*\*@127\.0\.0\.1/);
  assert.equal(text.includes(PASSWORD), false);
});
