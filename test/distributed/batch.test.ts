// Batch restore on Redis, end to end: a real redis-server, two worker processes and submitters as
// users run them. Per-photo progress reaches the submitter, a duplicate submission writes each output
// once, --detach/--status re-attach, and a photo no worker can see fails after three attempts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import sharp from 'sharp';
import { parseQueueUrl } from '../../electron/distributed/queue-url.ts';
import { RESTORE_QUEUE_NAME } from '../../electron/distributed/restore-job.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { startWorker, submit, TINY, type WorkerProcess } from './queue-processes.ts';
import { REDIS_SERVER_MISSING, RedisServer } from './redis-server.ts';

const skip = REDIS_SERVER_MISSING;
const { dir, cleanup } = makeTempDir('queue-batch');
let redis: RedisServer;
let workers: WorkerProcess[] = [];

before(async () => {
  if (skip) return;
  redis = await RedisServer.start();
  workers = [startWorker(redis.url), startWorker(redis.url)];
  await Promise.all(workers.map((w) => w.ready));
});

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.dispose();
  cleanup();
});

async function photoFolder(name: string, count: number, side = 64): Promise<string> {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) await writePhoto(join(folder, `p${i}.png`), side + i, side);
  return folder;
}

const restoredCount = (input: string) => workers.reduce((n, w) => n + w.log().split(`Restoring ${input} `).length - 1, 0);

test('a submission is restored by the workers, with per-photo progress reaching the submitter', { skip }, async () => {
  const folder = await photoFolder('progress', 3, 96);
  const r = await submit(redis.url, [...TINY, '--tile', '32', '--scale', '2', '--json', folder]);
  assert.equal(r.code, 0, r.stderr);
  const done = r.lines.filter((l) => l.type === 'file-done');
  assert.equal(done.length, 3);
  const progress = r.lines.filter((l) => l.type === 'progress');
  assert.ok(progress.length > 0, 'progress events reach the submitter');
  for (const p of progress) {
    assert.ok(p.tileCount >= 1 && p.scale >= 1 && p.scale <= p.scales && p.progress >= 0 && p.progress <= 1, JSON.stringify(p));
  }
  assert.ok(
    progress.some((p) => p.tileCount > 1),
    'a 96-pixel photo with 32-pixel tiles reports tiles',
  );
  assert.deepEqual(r.lines.at(-1), { type: 'summary', total: 3, done: 3, skipped: 0, failed: 0, ms: r.lines.at(-1)!.ms });
  for (let i = 0; i < 3; i++) {
    const meta = await sharp(join(folder, `p${i}-dvar-x2.png`)).metadata();
    assert.deepEqual([meta.width, meta.height], [2 * (96 + i), 2 * 96]);
  }
});

test('a duplicate submission queues each photo once and writes one output; --status re-attaches', { skip }, async () => {
  const folder = await photoFolder('duplicate', 3);
  const first = await submit(redis.url, [...TINY, '--detach', '--json', folder]);
  const second = await submit(redis.url, [...TINY, '--detach', '--json', folder]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.code, 0, second.stderr);
  const ids = [first.lines[0]!.id, second.lines[0]!.id];
  assert.match(ids[0], /^[0-9a-f]{12}$/);
  assert.notEqual(ids[0], ids[1]);
  const followed = await Promise.all(ids.map((id) => submit(redis.url, ['--status', id, '--json'])));
  for (const r of followed) {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.lines.filter((l) => l.type === 'file-done').length, 3);
  }
  // Both submissions name the same three jobs, and each photo was restored by exactly one worker once.
  const jobIds = followed.map((r) =>
    r.lines
      .filter((l) => l.type === 'file-done')
      .map((l) => l.jobId)
      .sort(),
  );
  assert.deepEqual(jobIds[0], jobIds[1]);
  for (let i = 0; i < 3; i++) assert.equal(restoredCount(join(folder, `p${i}.png`)), 1);
  assert.deepEqual(readdirSync(folder).sort(), ['p0-dvar-x4.png', 'p0.png', 'p1-dvar-x4.png', 'p1.png', 'p2-dvar-x4.png', 'p2.png']);

  // Submitted again after it finished: nothing runs again, the finished jobs are reported.
  const again = await submit(redis.url, [...TINY, '--json', folder]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.lines.filter((l) => l.type === 'file-done').length, 3);
  for (let i = 0; i < 3; i++) assert.equal(restoredCount(join(folder, `p${i}.png`)), 1);
});

test('a photo no worker can see fails after three attempts with one sentence', { skip }, async () => {
  const folder = await photoFolder('unseen', 1);
  const missing = join(folder, 'not-on-this-mount.png');
  const r = await submit(redis.url, [...TINY, '--json', missing, join(folder, 'p0.png')]);
  assert.equal(r.code, 1, r.stderr);
  const failed = r.lines.filter((l) => l.type === 'file-failed');
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.input, missing);
  assert.match(failed[0]!.message, /^The worker on .+ cannot see .*not-on-this-mount\.png; mount the shared storage at the same path on every worker\.$/);
  assert.equal(r.lines.filter((l) => l.type === 'file-done').length, 1, 'the rest of the batch goes on');

  const queue = new Queue(RESTORE_QUEUE_NAME, { connection: parseQueueUrl(redis.url).connection });
  try {
    const job = await queue.getJob(failed[0]!.jobId);
    assert.equal(job?.attemptsMade, 3);
    assert.equal(await job?.getState(), 'failed');
  } finally {
    await queue.close();
  }
});

test('the human view: one bar line for the whole submission and a line per photo', { skip }, async () => {
  const folder = await photoFolder('human', 2);
  const r = await submit(redis.url, [...TINY, folder]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 2, r.stdout);
  assert.match(r.stdout, /p0\.png → .*p0-dvar-x4\.png \(restored on .+ in /);
  assert.match(r.stderr, /^Submission [0-9a-f]{12}: 2 photo\(s\) on redis:\/\/127\.0\.0\.1:\d+\.$/m);
  assert.match(r.stderr, /^Done: 2 restored in /m);
});
