// Batch restore on Redis when things go wrong: a worker SIGKILLed in the middle of a photo (BullMQ's
// stalled-job check hands it to the other worker, which leaves no partial file) and Redis restarted in
// the middle of a batch (workers and submitter reconnect and finish). Real processes, real redis-server.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { startWorker, submit, TINY, type WorkerProcess } from './queue-processes.ts';
import { REDIS_SERVER_MISSING, RedisServer } from './redis-server.ts';

const skip = REDIS_SERVER_MISSING;
const { dir, cleanup } = makeTempDir('queue-faults');
const running: Array<{ stop(): Promise<void> } | RedisServer> = [];

after(async () => {
  for (const thing of running.reverse()) await ('dispose' in thing ? thing.dispose() : thing.stop());
  cleanup();
});

async function startAll(): Promise<{ redis: RedisServer; workers: WorkerProcess[] }> {
  const redis = await RedisServer.start();
  running.push(redis);
  const workers = [startWorker(redis.url), startWorker(redis.url)];
  running.push(...workers);
  await Promise.all(workers.map((w) => w.ready));
  return { redis, workers };
}

test('a worker killed mid-photo: the other worker restores it, and no partial output is left', { skip }, async () => {
  const { redis, workers } = await startAll();
  const folder = join(dir, 'kill');
  mkdirSync(folder);
  // Many small tiles make the photo take seconds even with the tiny pack, so the kill lands mid-photo.
  await writePhoto(join(folder, 'slow.png'), 256, 256);
  let killed: WorkerProcess | undefined;
  const r = await submit(redis.url, [...TINY, '--tile', '24', '--json', folder], (line) => {
    if (line.type !== 'progress' || killed || line.progress > 0.5) return;
    killed = workers.find((w) => line.worker.endsWith(`:${w.pid}`));
    killed?.child.kill('SIGKILL');
  });
  assert.ok(killed, 'a progress event named the worker restoring the photo');
  assert.equal(r.code, 0, r.stderr);
  const done = r.lines.find((l) => l.type === 'file-done')!;
  const survivor = workers.find((w) => w !== killed)!;
  assert.ok(done.worker.endsWith(`:${survivor.pid}`), `restored by the surviving worker, not ${done.worker}`);
  assert.ok(r.lines.some((l) => l.type === 'progress' && l.worker.endsWith(`:${survivor.pid}`)));
  // The killed worker's temp file is removed by the retry; only the photo and its whole output remain.
  assert.deepEqual(readdirSync(folder).sort(), ['slow-dvar-x4.png', 'slow.png']);
  const meta = await sharp(join(folder, 'slow-dvar-x4.png')).metadata();
  assert.deepEqual([meta.width, meta.height], [1024, 1024]);
  assert.match(survivor.log(), /Restoring .*slow\.png \(attempt 1\)/, 'a stalled job is retried without using up an attempt');
});

test('Redis restarted mid-batch: workers and the submitter reconnect and finish every photo', { skip }, async () => {
  const { redis } = await startAll();
  const folder = join(dir, 'restart');
  mkdirSync(folder);
  for (let i = 0; i < 6; i++) await writePhoto(join(folder, `p${i}.png`), 96, 96);
  let restarted: Promise<void> | undefined;
  let doneBeforeRestart = 0;
  const r = await submit(redis.url, [...TINY, '--tile', '32', '--json', folder], (line) => {
    if (line.type !== 'file-done' || restarted) return;
    doneBeforeRestart = 1;
    restarted = redis.restart();
  });
  assert.ok(restarted);
  await restarted;
  assert.ok(doneBeforeRestart < 6, 'the restart happened while photos were left');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.lines.filter((l) => l.type === 'file-done').length, 6);
  const outputs = readdirSync(folder).filter((n) => n.endsWith('-dvar-x4.png'));
  assert.equal(outputs.length, 6);
  assert.deepEqual(
    readdirSync(folder).filter((n) => n.startsWith('.')),
    [],
    'no temp files left',
  );
});
