// The batch queue through the host's request API with the real engine worker and the tiny pack:
// a corrupt photo gets a rejected row while the rest finish, pause (after the running photo)/resume, cancel/retry, skip-existing,
// remove and clear-finished. Outputs are whole files or nothing, and originals are never touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppHost } from '../../electron/app/host.ts';
import type { QueueState } from '../../electron/ipc/contract.ts';
import { writePhoto } from '../helpers/images.ts';
import { nextEvent, queueIdle, sha, tinyHostSession } from './host-helpers.ts';

let host: AppHost;
const dir = tinyHostSession('queue', (opened) => (host = opened));

const noTempFiles = (folder: string) =>
  assert.deepEqual(
    readdirSync(folder).filter((n) => n.includes('.dvar-tmp-')),
    [],
  );
const reset = async () => {
  await host.handle('queue:cancel', {});
  await host.handle('queue:clear-finished', {});
};

test('a corrupt photo marks its own row while the others are restored', async () => {
  const photos = join(dir, 'batch');
  mkdirSync(join(photos, 'sub'), { recursive: true });
  await writePhoto(join(photos, 'a.jpg'), 48, 32);
  await writePhoto(join(photos, 'sub', 'b.png'), 40, 40);
  writeFileSync(join(photos, 'bad.jpg'), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]));
  const before = sha(join(photos, 'a.jpg'));
  const out = join(dir, 'out');
  await host.handle('queue:configure', { outputDir: out });
  const added = await host.handle('queue:add', { paths: [photos], recursive: true });
  assert.equal(added.items.length, 3);
  assert.equal(added.outputDir, out);
  const idle = queueIdle(host);
  await host.handle('queue:start', {});
  const final = await idle;
  const byName = Object.fromEntries(final.items.map((i) => [i.input.slice(photos.length + 1), i]));
  assert.equal(byName['a.jpg']!.status, 'done');
  assert.equal(byName['sub/b.png']!.status, 'done');
  assert.equal(byName['a.jpg']!.output, join(out, 'a-dvar-x4.png'));
  assert.equal(byName['sub/b.png']!.output, join(out, 'sub', 'b-dvar-x4.png')); // subfolders mirrored
  assert.equal(byName['bad.jpg']!.status, 'rejected', 'refused when added, never run');
  assert.match(byName['bad.jpg']!.error!, /^[^\n]*bad\.jpg[^\n]*\.$/);
  assert.ok(existsSync(join(out, 'a-dvar-x4.png')) && existsSync(join(out, 'sub', 'b-dvar-x4.png')));
  assert.equal(sha(join(photos, 'a.jpg')), before);
  noTempFiles(out);
  await host.handle('queue:configure', { outputDir: null });
  await reset();
});

test('pause lets the running photo finish, starts no other, and start goes on with the next', async () => {
  const folder = join(dir, 'pause');
  mkdirSync(folder);
  await writePhoto(join(folder, 'p1.png'), 128, 96);
  await writePhoto(join(folder, 'p2.png'), 32, 32);
  await host.handle('queue:add', { paths: [folder], recursive: false });
  const p1Statuses: string[] = [];
  const off = host.on((channel, payload) => {
    if (channel === 'queue:changed') p1Statuses.push((payload as QueueState).items[0]!.status);
  });
  const firstScale = nextEvent(host, 'restore:progress');
  await host.handle('queue:start', {});
  await firstScale;
  const paused = await host.handle('queue:pause', {});
  assert.equal(paused.paused, true);
  assert.equal(paused.pausing, true, 'the running photo is finishing');
  assert.deepEqual(
    paused.items.map((i) => i.status),
    ['running', 'pending'],
  );
  const settled = await nextEvent<QueueState>(host, 'queue:changed', (q) => !q.pausing);
  off();
  assert.deepEqual(
    settled.items.map((i) => i.status),
    ['done', 'pending'],
    'the running photo finished; the next did not start',
  );
  assert.equal(settled.running, true); // still a running batch, only paused
  assert.equal(settled.etaMs, null);
  assert.ok(!p1Statuses.includes('pending') || p1Statuses.indexOf('pending') < p1Statuses.indexOf('running'), `p1 never restarted: ${p1Statuses.join(' ')}`);
  assert.ok(existsSync(join(folder, 'p1-dvar-x4.png')));
  assert.ok(!existsSync(join(folder, 'p2-dvar-x4.png')));
  noTempFiles(folder);

  const idle = queueIdle(host);
  const resumed = await host.handle('queue:start', {});
  assert.equal(resumed.paused, false);
  const final = await idle;
  assert.deepEqual(
    final.items.map((i) => i.status),
    ['done', 'done'],
  );
  assert.ok(final.items.every((i) => i.progress === 1 && typeof i.ms === 'number'));
  assert.ok(existsSync(join(folder, 'p2-dvar-x4.png')));
  await reset();
});

test('photos that do not exist or are no photo get a rejected row with the reason and are never run', async () => {
  const folder = join(dir, 'reject');
  mkdirSync(folder);
  await writePhoto(join(folder, 'ok.png'), 16, 16);
  writeFileSync(join(folder, 'notes.txt'), 'not a photo');
  const added = await host.handle('queue:add', {
    paths: [join(folder, 'ok.png'), join(folder, 'missing.jpg'), join(folder, 'notes.txt')],
    recursive: false,
  });
  const byName = Object.fromEntries(added.items.map((i) => [i.input.slice(folder.length + 1), i]));
  assert.equal(byName['ok.png']!.status, 'pending');
  assert.equal(byName['missing.jpg']!.status, 'rejected');
  assert.match(byName['missing.jpg']!.error!, /missing\.jpg does not exist; check the path\.$/);
  assert.equal(byName['notes.txt']!.status, 'rejected');
  assert.match(byName['notes.txt']!.error!, /notes\.txt is not an image DVAR Studio can read/);
  assert.equal(host.canServe(join(folder, 'notes.txt')), false);
  // Added again, a refused path replaces its row instead of piling up; retry does not run it.
  await host.handle('queue:add', { paths: [join(folder, 'missing.jpg')], recursive: false });
  const retried = await host.handle('queue:retry', {});
  assert.equal(retried.items.filter((i) => i.input.endsWith('missing.jpg')).length, 1);
  assert.equal(retried.items.find((i) => i.input.endsWith('missing.jpg'))!.status, 'rejected');
  const idle = queueIdle(host);
  await host.handle('queue:start', {});
  const final = await idle;
  assert.deepEqual(final.items.map((i) => i.status).sort(), ['done', 'rejected', 'rejected']);
  const cleared = await host.handle('queue:clear-finished', {});
  assert.equal(cleared.items.length, 0, 'rejected rows are cleared with the ended ones');
});

test('a time is planned before starting, from the speed measured on this machine', async () => {
  const folder = join(dir, 'plan');
  mkdirSync(folder);
  await writePhoto(join(folder, 'q.png'), 96, 72);
  await writePhoto(join(folder, 'r.png'), 192, 72);
  // Earlier tests restored photos of at least 4096 pixels with this pack, so the speed is known.
  const one = await host.handle('queue:add', { paths: [join(folder, 'q.png')], recursive: false });
  assert.ok(one.msPerInputMP! > 0, `remembered speed ${one.msPerInputMP}`);
  assert.ok(one.plannedMs! > 0, `planned ${one.plannedMs}`);
  assert.equal(one.etaMs, null, 'not running: no time left, only the plan');
  const two = await host.handle('queue:add', { paths: [join(folder, 'r.png')], recursive: false });
  assert.ok(Math.abs(two.plannedMs! - 3 * one.plannedMs!) <= 2, `a photo twice the size adds twice the time: ${one.plannedMs} → ${two.plannedMs}`);
  await reset();
});

test('an output folder that became a file stops the batch at its first photo, so nothing is written anywhere else', async () => {
  const folder = join(dir, 'outfile');
  mkdirSync(folder);
  await writePhoto(join(folder, 'f1.png'), 16, 16);
  await writePhoto(join(folder, 'f2.png'), 16, 16);
  const out = join(dir, 'outfile-out');
  mkdirSync(out);
  await host.handle('queue:configure', { outputDir: out });
  rmSync(out, { recursive: true });
  writeFileSync(out, 'now a file');
  await host.handle('queue:add', { paths: [folder], recursive: false });
  const stopped = nextEvent<QueueState>(host, 'queue:changed', (q) => !q.running && q.items.some((i) => i.status === 'failed'));
  await host.handle('queue:start', {});
  const final = await stopped;
  await host.handle('queue:configure', { outputDir: null });
  assert.deepEqual(
    final.items.map((i) => i.status),
    ['failed', 'pending'],
  );
  assert.match(final.items[0]!.error!, /^Cannot create the output folder .*; choose another folder\.$/);
  assert.equal(final.running, false);
  assert.deepEqual(readdirSync(folder).sort(), ['f1.png', 'f2.png'], 'nothing was written beside the photos instead');
  await reset();
});

test('cancel ends the batch, retry runs the cancelled photos again, skip-existing skips done ones', async () => {
  const folder = join(dir, 'cancel');
  mkdirSync(folder);
  await writePhoto(join(folder, 'c1.png'), 128, 96);
  await writePhoto(join(folder, 'c2.png'), 32, 32);
  await host.handle('queue:add', { paths: [join(folder, 'c1.png'), join(folder, 'c2.png')], recursive: false });
  const firstScale = nextEvent(host, 'restore:progress');
  const failed = nextEvent<{ cancelled: boolean }>(host, 'restore:failed');
  await host.handle('queue:start', {});
  await firstScale;
  const stopped = queueIdle(host);
  await host.handle('queue:cancel', {});
  assert.equal((await failed).cancelled, true);
  const cancelled = await stopped;
  assert.deepEqual(
    cancelled.items.map((i) => i.status),
    ['cancelled', 'cancelled'],
  );
  assert.deepEqual(readdirSync(folder).sort(), ['c1.png', 'c2.png']);

  const idle = queueIdle(host);
  await host.handle('queue:retry', {});
  assert.deepEqual(
    (await idle).items.map((i) => i.status),
    ['done', 'done'],
  );

  // The same photos again: their outputs exist, so they are skipped with a reason.
  await host.handle('queue:clear-finished', {});
  const again = queueIdle(host);
  await host.handle('queue:add', { paths: [join(folder, 'c2.png')], recursive: false });
  await host.handle('queue:start', {});
  const skipped = (await again).items[0]!;
  assert.equal(skipped.status, 'skipped');
  assert.match(skipped.error!, /already exists/);
  await reset();
});

test('remove and clear-finished; bad requests are one sentence with a code', async () => {
  const folder = join(dir, 'remove');
  mkdirSync(folder);
  await writePhoto(join(folder, 'r.png'), 16, 16);
  const added = await host.handle('queue:add', { paths: [folder], recursive: false });
  const after = await host.handle('queue:remove', { id: added.items[0]!.id });
  assert.equal(after.items.length, 0);
  await assert.rejects(host.handle('queue:remove', { id: 'nope' }), { code: 'NOT_FOUND', message: 'That photo is no longer in the queue.' });
  await assert.rejects(host.handle('queue:add', { paths: [], recursive: false }), (e: Error & { code: string }) => {
    assert.equal(e.code, 'INVALID_REQUEST');
    assert.match(e.message, /^Invalid request on "queue:add": field "paths" [^\n]+\.$/);
    return true;
  });
  await assert.rejects(host.handle('queue:explode', {}), { code: 'UNKNOWN_CHANNEL' });
});

test('replacing outputs replaces earlier results only, never a file that merely has the name', async () => {
  const folder = join(dir, 'replace');
  mkdirSync(folder);
  await writePhoto(join(folder, 'o.png'), 16, 16);
  await writePhoto(join(folder, 'o-big.png'), 8, 8); // someone's photo that the template would hit
  const foreign = sha(join(folder, 'o-big.png'));
  await host.handle('settings:set', { skipExisting: false, replaceEarlierResults: true, namingTemplate: '{name}-big' });
  try {
    const first = queueIdle(host);
    await host.handle('queue:add', { paths: [join(folder, 'o.png')], recursive: false });
    await host.handle('queue:start', {});
    assert.equal((await first).items[0]!.output, join(folder, 'o-big-2.png'));
    assert.equal(sha(join(folder, 'o-big.png')), foreign);

    // A file with an output's name that DVAR did not write is not an earlier result either.
    await host.handle('settings:set', { namingTemplate: '{name}-dvar-x{scale}' });
    writeFileSync(join(folder, 'o-dvar-x4.png'), 'not an earlier result');
    await host.handle('queue:clear-finished', {});
    const second = queueIdle(host);
    await host.handle('queue:add', { paths: [join(folder, 'o.png')], recursive: false });
    await host.handle('queue:start', {});
    assert.equal((await second).items[0]!.output, join(folder, 'o-dvar-x4-2.png'));
    assert.equal(readFileSync(join(folder, 'o-dvar-x4.png'), 'utf8'), 'not an earlier result');

    // An earlier result (o-dvar-x4-2.png, just written) is replaced.
    const earlier = sha(join(folder, 'o-dvar-x4-2.png'));
    rmSync(join(folder, 'o-dvar-x4.png'));
    copyFileSync(join(folder, 'o-dvar-x4-2.png'), join(folder, 'o-dvar-x4.png'));
    await writePhoto(join(folder, 'o.png'), 20, 12); // a new version of the photo
    await host.handle('queue:clear-finished', {});
    const third = queueIdle(host);
    await host.handle('queue:add', { paths: [join(folder, 'o.png')], recursive: false });
    await host.handle('queue:start', {});
    const item = (await third).items[0]!;
    assert.deepEqual([item.status, item.output], ['done', join(folder, 'o-dvar-x4.png')]);
    assert.notEqual(sha(join(folder, 'o-dvar-x4.png')), earlier, 'replaced by the new result');
  } finally {
    await host.handle('settings:set', { skipExisting: true, replaceEarlierResults: false });
    await reset();
  }
});
