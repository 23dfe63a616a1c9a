// Batch restore on Redis against the local CLI, on this machine: photos per minute with one and two
// workers (two cores: expect about the same, the workers share them) and the queue's overhead per photo
// (a queued batch through one warm worker vs the same batch through the local CLI, both at --threads 2).
// Prints figures; passes or fails nothing.   npx tsx bench/queue.ts [--photos N] [--side PX] [--pack NAME]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { RedisServer } from '../test/distributed/redis-server.ts';
import { makeTempDir } from '../test/helpers/images.ts';

const { values } = parseArgs({ options: { photos: { type: 'string' }, side: { type: 'string' }, pack: { type: 'string' } } });
const photos = Number(values.photos ?? 8);
const side = Number(values.side ?? 96);
const pack = values.pack ?? 'fast';

function run(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}: ${stderr}`))));
  });
}

function startWorker(url: string, threads: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/queue-worker.ts', '--queue', url, '--threads', String(threads)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve) => {
    let log = '';
    child.stderr.on('data', (d) => {
      log += d;
      if (/ready on/.test(log)) resolve(child);
    });
  });
}

async function batch(root: string, name: string, seed: number): Promise<string> {
  const folder = join(root, name);
  mkdirSync(folder);
  for (let i = 0; i < photos; i++) {
    const data = Buffer.alloc(side * side * 3);
    for (let j = 0; j < data.length; j++) data[j] = (j * 31 + i * 17 + seed * 7) % 251;
    await sharp(data, { raw: { width: side, height: side, channels: 3 } })
      .blur(1.5)
      .toFile(join(folder, `p${i}.png`));
  }
  return folder;
}

async function timed(what: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await what();
  return performance.now() - started;
}

const { dir, cleanup } = makeTempDir('bench-queue');
const redis = await RedisServer.start();
const workers: ChildProcess[] = [];
try {
  const localFolder = await batch(dir, 'local', 0);
  const local = await timed(() => run('electron/cli/main.ts', ['--pack', pack, '--threads', '2', '--quiet', localFolder]));
  const submitTo = async (name: string, seed: number) => {
    const folder = await batch(dir, name, seed);
    return timed(() => run('electron/cli/main.ts', ['--queue', redis.url, '--pack', pack, '--quiet', folder]));
  };
  workers.push(await startWorker(redis.url, 2));
  await submitTo('warm-up-1', 1); // a worker opens its engine on its first photo, once for its lifetime
  const oneWorker = await submitTo('one-worker', 2);
  const first = workers.pop()!;
  await new Promise((resolve) => first.once('exit', resolve).kill('SIGTERM'));
  workers.push(await startWorker(redis.url, 1), await startWorker(redis.url, 1));
  await submitTo('warm-up-2', 3);
  const twoWorkers = await submitTo('two-workers', 4);
  const perMinute = (ms: number) => ((photos * 60_000) / ms).toFixed(1);
  console.log(`Batch restore on Redis: ${photos} photos of ${side}×${side}, pack ${pack}, ${availableParallelism()} cores`);
  console.log(
    `  local CLI (--threads 2, one process, engine opened once): ${perMinute(local)} photos/min (${(local / 1000).toFixed(1)} s, including start-up)`,
  );
  console.log(
    `  queue, 1 worker  (--threads 2, engine already open):     ${perMinute(oneWorker)} photos/min (${(oneWorker / 1000).toFixed(1)} s, including the submitter's start-up)`,
  );
  console.log(`  queue, 2 workers (--threads 1 each):                     ${perMinute(twoWorkers)} photos/min (${(twoWorkers / 1000).toFixed(1)} s)`);
  console.log(`  queue overhead vs local: ${((oneWorker - local) / photos).toFixed(0)} ms per photo (negative: the worker's warm engine outweighs it)`);
} finally {
  for (const w of workers) w.kill('SIGTERM');
  await redis.dispose();
  cleanup();
}
