// A Redis server with a password (redis-server --requirepass): the URL's password gets the submitter
// and a worker in, a wrong or missing one is refused with one sentence that never shows the password.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { startWorker, submit, TINY, type WorkerProcess } from './queue-processes.ts';
import { REDIS_SERVER_MISSING, RedisServer } from './redis-server.ts';

const skip = REDIS_SERVER_MISSING;
const { dir, cleanup } = makeTempDir('queue-password');
const PASSWORD = 'c0rrect h0rse/batt:ery';
let redis: RedisServer;
let worker: WorkerProcess | undefined;

before(async () => {
  if (!skip) redis = await RedisServer.start({ password: PASSWORD });
});

after(async () => {
  await worker?.stop();
  await redis?.dispose();
  cleanup();
});

test('the password in the URL lets the submitter and a worker in', { skip }, async () => {
  worker = startWorker(redis.url);
  await worker.ready;
  const folder = join(dir, 'ok');
  mkdirSync(folder);
  await writePhoto(join(folder, 'p.png'), 32, 24);
  const r = await submit(redis.url, [...TINY, folder]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(folder, 'p-dvar-x4.png')));
  assert.ok(!r.stderr.includes('h0rse'), 'the password is never printed');
});

test('a wrong or missing password: one sentence, exit 1, the password masked', { skip }, async () => {
  const url = `redis://:wrong-secret@127.0.0.1:${redis.port}`;
  const wrong = await submit(url, [...TINY, join(dir, 'x.png')]);
  assert.equal(wrong.code, 1);
  assert.equal(
    wrong.stderr.trim(),
    `dvar: Cannot use the queue at redis://:***@127.0.0.1:${redis.port} (WRONGPASS invalid username-password pair or user is disabled.); check the password in the URL.`,
  );
  const missing = await submit(`redis://127.0.0.1:${redis.port}`, [...TINY, join(dir, 'x.png')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^dvar: Cannot use the queue at redis:\/\/127\.0\.0\.1:\d+ \(NOAUTH .*\); check the password in the URL\.\n$/);
  const lonely = startWorker(url);
  const exit = await new Promise<number | null>((resolve) => lonely.child.once('exit', resolve));
  assert.equal(exit, 1);
  assert.match(lonely.log(), /^dvar worker: Cannot use the queue at redis:\/\/:\*\*\*@.*WRONGPASS/);
});
