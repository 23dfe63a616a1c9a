// A queue worker does not trust job data: jobs added to Redis by hand (anyone who reaches Redis can)
// are refused unless signed with the shared secret, and even a signed job writes only a DVAR output
// name of its photo, under the worker's --output-root, never replacing a file DVAR did not write.
// Every refused job fails at once with its sentence and leaves the files it named as they were.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { signJob } from '../../electron/distributed/job-signature.ts';
import { RESTORE_QUEUE_NAME, type RestoreJobData } from '../../electron/distributed/restore-job.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { startWorker, TEST_QUEUE_SECRET, type WorkerProcess } from '../distributed/queue-processes.ts';
import { REDIS_SERVER_MISSING, RedisServer } from '../distributed/redis-server.ts';

const skip = REDIS_SERVER_MISSING;
const { dir, cleanup } = makeTempDir('reliability-worker-trust');
const root = join(dir, 'shared');
const outside = join(dir, 'elsewhere');
const secret = Buffer.from(TEST_QUEUE_SECRET);
let redis: RedisServer;
let worker: WorkerProcess | undefined;
let queue: Queue;
let added = 0;

before(async () => {
  if (skip) return;
  mkdirSync(root);
  mkdirSync(outside);
  redis = await RedisServer.start();
  worker = startWorker(redis.url, ['--output-root', root]);
  await worker.ready;
  queue = new Queue(RESTORE_QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
});

after(async () => {
  await queue?.close();
  await worker?.stop();
  await redis?.dispose();
  cleanup();
});

function job(input: string, output: string, overwrite = true): RestoreJobData {
  return { input, output, pack: { folder: TINY_PACK }, scale: 4, format: 'png', overwrite, restore: { previewMaxSide: 0, tile: 32 } };
}

/** Adds `data` as a hand-made job and waits until it has finished, one way or the other. */
async function outcome(data: object): Promise<{ state: string; reason: string; attempts: number }> {
  const added_ = await queue.add('restore', data, { jobId: `hand-made-${++added}`, attempts: 3 });
  for (;;) {
    const state = await added_.getState();
    if (state === 'completed' || state === 'failed') {
      const fresh = (await queue.getJob(added_.id!))!;
      return { state, reason: fresh.failedReason ?? '', attempts: fresh.attemptsMade };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function photo(name: string): Promise<string> {
  const path = join(root, name);
  await writePhoto(path, 12, 8);
  return path;
}

test('a signed job naming .bashrc as its output is refused once, and .bashrc keeps its text', { skip }, async () => {
  const bashrc = join(root, '.bashrc');
  writeFileSync(bashrc, 'alias ll="ls -l"\n');
  const result = await outcome(signJob(job(await photo('a.jpg'), bashrc), secret));
  assert.equal(result.state, 'failed');
  assert.match(result.reason, /not a DVAR output name for a\.jpg, so it was refused\.$/);
  assert.equal(result.attempts, 1, 'a refusal is not retried');
  assert.equal(readFileSync(bashrc, 'utf8'), 'alias ll="ls -l"\n');
});

test('unsigned and badly signed jobs are refused with a sentence, and nothing is written', { skip }, async () => {
  const input = await photo('b.jpg');
  const output = join(root, 'b-dvar-x4.png');
  const unsigned = await outcome(job(input, output));
  assert.equal(unsigned.state, 'failed');
  assert.match(unsigned.reason, /^This job is not signed, so it was refused/);
  const forged = await outcome({ ...signJob(job(input, output), Buffer.from('some-other-secret-of-16+')) });
  assert.equal(forged.state, 'failed');
  assert.match(forged.reason, /signature does not match/);
  const tampered = { ...signJob(job(input, output), secret), scale: 2 };
  assert.match((await outcome(tampered)).reason, /signature does not match/);
  const extra = await outcome({ ...signJob(job(input, output), secret), shell: 'rm -rf /' });
  assert.match(extra.reason, /fields no DVAR job has \(shell\)/);
  assert.equal(existsSync(output), false);
});

test('a signed job whose output folder is outside the output root, directly or through a symlink, is refused', { skip }, async () => {
  const input = await photo('c.jpg');
  const direct = await outcome(signJob(job(input, join(outside, 'c-dvar-x4.png')), secret));
  assert.match(direct.reason, /is outside this worker's output root/);
  symlinkSync(outside, join(root, 'link'));
  const linked = await outcome(signJob(job(input, join(root, 'link', 'c-dvar-x4.png')), secret));
  assert.match(linked.reason, /is outside this worker's output root/);
  assert.equal(existsSync(join(outside, 'c-dvar-x4.png')), false);
});

test('a signed job with overwrite never replaces a file DVAR did not write; a proper job is restored', { skip }, async () => {
  const input = await photo('d.jpg');
  const output = join(root, 'd-dvar-x4.png');
  await writePhoto(output, 5, 5); // a real photo at the output's name
  const before = readFileSync(output);
  const refused = await outcome(signJob(job(input, output), secret));
  assert.equal(refused.state, 'failed');
  assert.match(refused.reason, /was not written by DVAR Studio, so it was not replaced/);
  assert.deepEqual(readFileSync(output), before);

  const fine = await outcome(signJob(job(input, join(root, 'd-dvar-x4-2.png'), false), secret));
  assert.equal(fine.state, 'completed', fine.reason);
  assert.ok(existsSync(join(root, 'd-dvar-x4-2.png')));
});
