// Per-photo options in a batch (Gigapixel's per-image settings) through the host with the tiny pack: a
// waiting row's own look and size go over the batch options (an own ×2 over a batch long edge is ×2),
// the rest of the batch keeps the batch options, and a row that ran or runs cannot change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { AppHost } from '../../electron/app/host.ts';
import { writePhoto } from '../helpers/images.ts';
import { queueIdle, tinyHostSession } from './host-helpers.ts';

let host: AppHost;
const dir = tinyHostSession('queue-own', (opened) => (host = opened));

test('a row’s own look and size go over the batch options; the others keep the batch’s; a finished row cannot change', async () => {
  const photos = join(dir, 'photos');
  mkdirSync(photos);
  await writePhoto(join(photos, 'own.png'), 40, 30);
  await writePhoto(join(photos, 'batch.png'), 40, 30);
  const { restore } = await host.handle('settings:get', {});
  await host.handle('queue:configure', { settings: { ...restore, longEdge: 100 } });
  const added = await host.handle('queue:add', { paths: [join(photos, 'own.png'), join(photos, 'batch.png')], recursive: false });
  const [own, batch] = added.items;
  const set = await host.handle('queue:set-options', { id: own!.id, settings: { scale: 2, detail: 0.5, denoise: 0.3 } });
  assert.deepEqual(set.items[0]!.own, { scale: 2, detail: 0.5, denoise: 0.3 });
  await assert.rejects(host.handle('queue:set-options', { id: own!.id, settings: { scale: 5 } } as never), /scale/);

  const idle = queueIdle(host);
  await host.handle('queue:start', {});
  const final = await idle;
  const [ranOwn, ranBatch] = final.items;
  assert.deepEqual([ranOwn!.status, ranBatch!.status], ['done', 'done']);
  assert.deepEqual(
    [ranOwn!.settings?.scale, ranOwn!.settings?.longEdge, ranOwn!.settings?.detail],
    [2, undefined, 0.5],
    'own ×2 and Natural over the batch long edge',
  );
  assert.deepEqual([ranBatch!.settings?.longEdge, ranBatch!.settings?.detail], [100, restore.detail], 'the other photo keeps the batch options');
  assert.deepEqual(
    await sharp(ranOwn!.output!)
      .metadata()
      .then((m) => [m.width, m.height]),
    [80, 60],
  );
  assert.deepEqual(
    await sharp(ranBatch!.output!)
      .metadata()
      .then((m) => [m.width, m.height]),
    [100, 75],
  );
  assert.ok(existsSync(ranOwn!.output!) && ranOwn!.output!.includes('-x2'), ranOwn!.output!);
  await assert.rejects(host.handle('queue:set-options', { id: own!.id, settings: null }), /is not waiting to run here/);
  assert.equal(batch!.own ?? null, null);
});
