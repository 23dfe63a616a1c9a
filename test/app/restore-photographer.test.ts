// restore:start with the photographer's options through the app host (tiny fixture pack): a preview
// region restores only the crop into a temporary PNG beside nothing of the photo's (the newest few kept),
// the caller may choose the job id, every restore
// comes back with a confidence overlay, a long edge sets the written size exactly, and a print size
// the size that covers the print, with its DPI in the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import sharp from 'sharp';
import type { AppHost } from '../../electron/app/host.ts';
import { PREVIEWS_KEPT } from '../../electron/app/restore-jobs.ts';
import type { EventOf, RestoreSettings } from '../../electron/ipc/contract.ts';
import { writePhoto } from '../helpers/images.ts';
import { nextEvent, tinyHostSession } from './host-helpers.ts';

let host: AppHost;
const dir = tinyHostSession('restore-photographer', (opened) => (host = opened));

const SETTINGS: RestoreSettings = { scale: 4, format: 'jpg', quality: 90, seed: 0, strategy: 'greedy', temperature: 1, topK: 0, topP: 1 };

async function restore(request: Record<string, unknown>): Promise<EventOf<'restore:done'>> {
  const done = nextEvent<EventOf<'restore:done'>>(host, 'restore:done');
  const failed = nextEvent<EventOf<'restore:failed'>>(host, 'restore:failed').then((f) => {
    throw new Error(f.message);
  });
  await host.handle('restore:start', request as never);
  return Promise.race([done, failed]);
}

test('a preview region restores only the crop, as a temporary PNG, and the folder stays as it was', async () => {
  const folder = join(dir, 'region');
  mkdirSync(folder);
  await writePhoto(join(folder, 'p.png'), 40, 30);
  const before = readdirSync(folder);
  const first = await restore({ path: join(folder, 'p.png'), settings: { ...SETTINGS, detail: 0.5 }, region: { x: 8, y: 6, width: 20, height: 16 } });
  assert.deepEqual(readdirSync(folder), before);
  assert.match(first.output, /dvar-preview-.*\.png$/);
  const meta = await sharp(first.output).metadata();
  assert.deepEqual([meta.width, meta.height, meta.format], [80, 64, 'png']);
  assert.ok(host.canServe(first.output));
  assert.match(first.confidence ?? '', /^data:image\/png;base64,/);
  // A comparison of presets shows several previews side by side: the newest PREVIEWS_KEPT stay, older ones go.
  const later: string[] = [];
  for (let i = 0; i < PREVIEWS_KEPT; i++)
    later.push((await restore({ path: join(folder, 'p.png'), settings: SETTINGS, region: { x: i, y: 0, width: 16, height: 16 } })).output);
  assert.ok(!existsSync(first.output), 'the oldest preview file is removed');
  assert.ok(
    later.every((file) => existsSync(file)),
    'the newest previews are all kept',
  );
});

test('the caller may choose the job id: every event carries it, a running id or one that is not a UUID is refused', async () => {
  const folder = join(dir, 'job-id');
  mkdirSync(folder);
  await writePhoto(join(folder, 'c.png'), 40, 30);
  const jobId = randomUUID();
  const progress: string[] = [];
  const off = host.on((name, payload) => {
    if (name === 'restore:progress') progress.push((payload as EventOf<'restore:progress'>).jobId);
  });
  const done = nextEvent<EventOf<'restore:done'>>(host, 'restore:done');
  const request = { path: join(folder, 'c.png'), settings: SETTINGS, region: { x: 0, y: 0, width: 16, height: 16 }, jobId };
  assert.deepEqual(await host.handle('restore:start', request), { jobId });
  await assert.rejects(host.handle('restore:start', request), /A restore with the job id .* is already running\./);
  assert.equal((await done).jobId, jobId);
  off();
  assert.ok(progress.length > 0 && progress.every((id) => id === jobId), 'every progress event carries the chosen id');
  await assert.rejects(host.handle('restore:start', { ...request, jobId: '../../evil' } as never), /jobId/);
});

test('a long edge sets the written size exactly; strength options are validated by the contract', async () => {
  const folder = join(dir, 'long-edge');
  mkdirSync(folder);
  await writePhoto(join(folder, 'q.png'), 40, 30);
  const done = await restore({ path: join(folder, 'q.png'), settings: { ...SETTINGS, longEdge: 150, denoise: 0.3 } });
  const meta = await sharp(done.output).metadata();
  assert.deepEqual([meta.width, meta.height], [150, 113]);
  await assert.rejects(host.handle('restore:start', { path: join(folder, 'q.png'), settings: { ...SETTINGS, detail: 2 } }), /detail/);
});

test('a print size gives the size that covers the print and writes its DPI into the file', async () => {
  const folder = join(dir, 'print');
  mkdirSync(folder);
  await writePhoto(join(folder, 'r.png'), 40, 30);
  // 4×3 cm at 80 DPI is 126×94 px: the 4:3 photo covers it at 126×95.
  const done = await restore({ path: join(folder, 'r.png'), settings: { ...SETTINGS, print: { width: 4, height: 3, unit: 'cm', dpi: 80 } } });
  const meta = await sharp(done.output).metadata();
  assert.deepEqual([meta.width, meta.height, meta.density], [126, 95, 80]);
  const failed = nextEvent<EventOf<'restore:failed'>>(host, 'restore:failed');
  await host.handle('restore:start', { path: join(folder, 'r.png'), settings: { ...SETTINGS, print: { width: 30, height: 20, unit: 'cm', dpi: 300 } } });
  assert.match(
    (await failed).message,
    /^Printing 30×20 cm at 300 DPI needs 3543×2362 pixels, more than ×4 of this photo \(160×120\); at ×4 it fills that print at 13 DPI\./,
  );
});
