// A batch never silently replaces earlier results: with "skip photos already restored" off, a photo
// restored again gets a new name (-2) and the earlier result stays as it was; replacing needs the
// explicit "Replace earlier DVAR results" setting, and the queue's state tells Start how many files
// that will replace, before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppHost } from '../../electron/app/host.ts';
import type { QueueState } from '../../electron/ipc/contract.ts';
import { writePhoto } from '../helpers/images.ts';
import { nextEvent, queueIdle, sha, tinyHostSession } from '../app/host-helpers.ts';

let host: AppHost;
const dir = tinyHostSession('batch-existing-outputs', (opened) => (host = opened));

async function runBatch(photo: string): Promise<QueueState> {
  await host.handle('queue:clear-finished', {});
  const idle = queueIdle(host);
  await host.handle('queue:add', { paths: [photo], recursive: false });
  await host.handle('queue:start', {});
  return idle;
}

test('skip-existing off: a new name by default; replacing is a choice that Start can count first', async () => {
  const folder = join(dir, 'photos');
  mkdirSync(folder);
  const photo = join(folder, 'a.png');
  await writePhoto(photo, 24, 16);
  const first = await runBatch(photo);
  const earlier = join(folder, 'a-dvar-x4.png');
  assert.equal(first.items[0]!.output, earlier);
  const earlierBytes = sha(earlier);

  await host.handle('settings:set', { skipExisting: false });
  const again = await runBatch(photo);
  assert.deepEqual([again.items[0]!.status, again.items[0]!.output], ['done', join(folder, 'a-dvar-x4-2.png')]);
  assert.equal(sha(earlier), earlierBytes, 'the earlier result was not replaced');
  assert.equal(again.replaces, undefined, 'nothing to replace by default');

  await host.handle('settings:set', { replaceEarlierResults: true });
  await host.handle('queue:clear-finished', {});
  const counted = nextEvent<QueueState>(host, 'queue:changed', (q) => q.replaces === 1);
  await host.handle('queue:add', { paths: [photo], recursive: false });
  assert.equal((await counted).replaces, 1, 'Start can say it will replace 1 file');
  const idle = queueIdle(host);
  await host.handle('queue:start', {});
  const replaced = await idle;
  assert.deepEqual([replaced.items[0]!.status, replaced.items[0]!.output], ['done', earlier]);
  await host.handle('settings:set', { skipExisting: true, replaceEarlierResults: false });
});
