// A queue survives a crash: a host process is killed (SIGKILL) in the middle of a photo; a new host on
// the same data dir finds that photo pending again, removes the half-written temp file, keeps finished
// photos finished and carries on because the queue was running; a photo whose output was written just
// before the kill counts as done, not skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { QueueItem } from '../../electron/ipc/contract.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { queueIdle, tinyHost } from './host-helpers.ts';

const { dir, cleanup } = makeTempDir('queue-crash');
test.after(cleanup);

/** Runs the child host until one photo is done and the next one is under way, then kills it. */
function runAndKill(dataDir: string, folder: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'app', 'crash-child.ts'), dataDir, folder], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error('The child host never got that far.'))), 30_000);
    let done: string | null = null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const { channel, payload } = JSON.parse(line) as { channel: string; payload: { jobId: string } };
      if (channel === 'restore:done') done = payload.jobId;
      if (channel === 'restore:progress' && done && payload.jobId !== done) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`The child host exited by itself (${_code}).`));
    });
  });
}

type StoredItem = QueueItem & { startedAt?: number };

/** Three photos in `folderName`, a host on `dataName` killed after the first, and the queue it saved. */
async function killedMidBatch(folderName: string, dataName: string, names: string[]) {
  const folder = join(dir, folderName);
  const dataDir = join(dir, dataName);
  mkdirSync(folder);
  for (const name of names) await writePhoto(join(folder, `${name}.png`), 112, 96);
  await runAndKill(dataDir, folder);
  const stored = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')).queue as { running: boolean; items: StoredItem[] };
  return { folder, dataDir, stored };
}

test('a killed host resumes its queue in a new process on the same data dir', async () => {
  const { folder, dataDir, stored } = await killedMidBatch('photos', 'data', ['k1', 'k2', 'k3']);
  assert.equal(stored.running, true);
  assert.deepEqual(
    stored.items.map((i) => i.status),
    ['done', 'running', 'pending'],
  );
  const interrupted = stored.items[1]!;
  // What a kill during the atomic write leaves behind: a hidden temp file, never the real name.
  const staleTemp = join(dirname(interrupted.output!), `.${basename(interrupted.output!)}.dvar-tmp-0badf00d`);
  writeFileSync(staleTemp, 'half an image');
  // One whose writer is alive (another dvar writing the same output right now) is not the dead run's.
  const liveTemp = join(dirname(interrupted.output!), `.${basename(interrupted.output!)}.dvar-tmp-${process.pid}-beef`);
  writeFileSync(liveTemp, 'another writer, still at work');
  assert.ok(!existsSync(interrupted.output!));

  const host = await tinyHost(dataDir);
  try {
    const resumed = (await host.handle('queue:get', {})) as { items: QueueItem[] };
    assert.ok(!existsSync(staleTemp), "the dead run's temp file is removed on load");
    assert.ok(existsSync(liveTemp), "a live writer's temp file is left alone");
    rmSync(liveTemp);
    // Either still pending or already picked up again, but never left as a dead 'running' row.
    assert.ok(['pending', 'running'].includes(resumed.items[1]!.status));
    assert.equal(resumed.items[0]!.status, 'done');
    const final = await queueIdle(host);
    assert.deepEqual(
      final.items.map((i) => i.status),
      ['done', 'done', 'done'],
    );
    assert.equal(final.items[0]!.ms, stored.items[0]!.ms); // the finished photo was not redone
    assert.deepEqual(readdirSync(folder).sort(), ['k1-dvar-x4.png', 'k1.png', 'k2-dvar-x4.png', 'k2.png', 'k3-dvar-x4.png', 'k3.png']);
  } finally {
    await host.close();
  }
});

test('a host killed between writing a photo and saying so: the restart counts it done and does not redo it', async () => {
  const { folder, dataDir, stored } = await killedMidBatch('photos-written', 'data-written', ['w1', 'w2', 'w3']);
  const interrupted = stored.items[1]!;
  assert.equal(interrupted.status, 'running');
  assert.equal(typeof interrupted.startedAt, 'number', 'the run start is persisted');
  // The atomic rename happened, the process died before recording it: the whole output is there.
  const written = readFileSync(join(folder, 'w2.png'));
  writeFileSync(interrupted.output!, written);

  const host = await tinyHost(dataDir);
  try {
    const resumed = (await host.handle('queue:get', {})) as { items: StoredItem[] };
    assert.deepEqual([resumed.items[1]!.status, resumed.items[1]!.ms, resumed.items[1]!.error], ['done', null, null]);
    assert.equal(resumed.items[1]!.startedAt, undefined, 'the run start stays inside the host');
    const final = await queueIdle(host);
    assert.deepEqual(
      final.items.map((i) => i.status),
      ['done', 'done', 'done'],
    );
    assert.deepEqual(readFileSync(interrupted.output!), written, 'the photo was not restored again');
  } finally {
    await host.close();
  }
});
