// A submitter following a batch (`dvar --queue`) and a worker (`npm run worker`) whose Redis vanished
// (SIGKILL, no goodbye) still stop on Ctrl-C / SIGTERM: ioredis retries a server that is gone for ever,
// and closing used to wait for it. The jobs stay on Redis for when it is back; a photo in
// hand is finished whole first.
// Each test's `timeout` only turns a hang back into a failure; nothing here measures speed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { childExit } from '../helpers/child-exit.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { program, startWorker, TINY } from './queue-processes.ts';
import { REDIS_SERVER_MISSING, RedisServer } from './redis-server.ts';

const skip = REDIS_SERVER_MISSING;
const { dir, cleanup } = makeTempDir('stop-without-redis');
const servers: RedisServer[] = [];
const GUARD = { timeout: 120_000, skip };
/** Long enough for the client to find the server gone and start retrying; a pause, not a measurement. */
const NOTICE_MS = 1500;

after(async () => {
  for (const server of servers) await server.dispose();
  cleanup();
});

async function redisServer(): Promise<RedisServer> {
  const server = await RedisServer.start();
  servers.push(server);
  return server;
}

test('a submitter following a batch stops on Ctrl-C after its Redis was killed, saying how to re-attach', GUARD, async () => {
  const redis = await redisServer();
  const folder = join(dir, 'submitter');
  mkdirSync(folder);
  await writePhoto(join(folder, 'a.png'), 32, 24);
  const child = program('electron/cli/main.ts', ['--queue', redis.url, ...TINY, '--json', folder]);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const following = new Promise<void>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/"message":"Submission [0-9a-f]{12}:/.test(stdout)) resolve();
    });
  });
  const exited = childExit(child);
  await Promise.race([following, exited]);
  assert.equal(child.exitCode, null, `the submitter left early:\n${stdout}\n${stderr}`);
  const id = /Submission ([0-9a-f]{12}):/.exec(stdout)![1];

  await redis.kill();
  await sleep(NOTICE_MS);
  child.kill('SIGINT');
  const [code] = await exited;
  assert.equal(code, 130, stderr);
  assert.match(stdout, new RegExp(`Stopped following; the workers carry on\\. Re-attach with --queue URL --status ${id}\\.`));
});

test('a worker whose Redis was killed stops on SIGTERM', GUARD, async () => {
  const redis = await redisServer();
  const worker = startWorker(redis.url);
  await worker.ready;
  const exited = childExit(worker.child);
  await redis.kill();
  while (!/Lost the queue/.test(worker.log())) await sleep(100);
  worker.child.kill('SIGTERM');
  const [code] = await exited;
  assert.equal(code, 0, worker.log());
  assert.match(worker.log(), /Finishing the photos in hand, then stopping/);
});

test('a worker restoring a photo when its Redis is killed finishes it on SIGTERM and stops, leaving no partial file', GUARD, async () => {
  const redis = await redisServer();
  const folder = join(dir, 'in-hand');
  mkdirSync(folder);
  // Many small tiles make the photo take seconds even with the tiny pack, so the kill lands mid-photo.
  await writePhoto(join(folder, 'slow.png'), 256, 256);
  const worker = startWorker(redis.url, ['--lock-seconds', '30']);
  await worker.ready;
  const exited = childExit(worker.child);
  const submitted = childExit(program('electron/cli/main.ts', ['--queue', redis.url, ...TINY, '--tile', '24', '--detach', folder]));
  assert.deepEqual(await submitted, [0, null]);
  while (!/Restoring .*slow\.png/.test(worker.log())) await sleep(100);
  await redis.kill();
  worker.child.kill('SIGTERM');
  const [code] = await exited;
  assert.equal(code, 0, worker.log());
  // It finished the photo in hand (a graceful stop); only its result could not reach Redis, where the
  // job stays and is retried by the next worker, which skips the output already there.
  assert.deepEqual(readdirSync(folder).sort(), ['slow-dvar-x4.png', 'slow.png'], 'no temp file left');
  const meta = await sharp(join(folder, 'slow-dvar-x4.png')).metadata();
  assert.deepEqual([meta.width, meta.height], [1024, 1024], 'the output is whole');
});
