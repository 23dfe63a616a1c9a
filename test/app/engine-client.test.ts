// The engine worker: a real restore with the tiny fixture pack runs off the host thread (timers keep
// ticking), previews arrive as PNG data URLs, cancel aborts mid-photo, and failures are outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EngineClient, type FileJob, type WireJobEvent } from '../../electron/app/engine-client.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('engine-client');
const client = new EngineClient();
test.after(async () => {
  await client.close();
  cleanup();
});
const config = { packDir: TINY_PACK, threads: 1 };
const job = (input: string, output: string): FileJob => ({ input, output, scale: 4, format: 'png', overwrite: false, restore: { previewMaxSide: 64 } });

test('opens the pack in the worker and reports the provider', async () => {
  const info = await client.open(config);
  assert.equal(info.packName, 'tiny');
  assert.equal(info.upscale, 4);
  assert.equal(info.provider.name, 'cpu');
});

test('a restore keeps the host event loop free and sends PNG previews', async () => {
  await writePhoto(join(dir, 'big.png'), 160, 120);
  let ticks = 0;
  let worstGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
    ticks++;
  }, 5);
  const events: WireJobEvent[] = [];
  const started = performance.now();
  const utilizationBefore = performance.eventLoopUtilization();
  const outcome = await client.restore('a', config, job(join(dir, 'big.png'), join(dir, 'big-x4.png')), (e) => events.push(e));
  const busy = performance.eventLoopUtilization(utilizationBefore).utilization;
  const elapsed = performance.now() - started;
  clearInterval(timer);
  assert.equal(outcome.status, 'done', outcome.message ?? '');
  assert.ok(existsSync(join(dir, 'big-x4.png')));
  const scales = events.filter((e) => e.type === 'scale');
  assert.ok(scales.length >= 10);
  assert.ok(scales.every((e) => e.event.preview?.startsWith('data:image/png;base64,')));
  // Every scale event carries the photo's size, so its tile can be placed in the whole photo.
  assert.ok(scales.every((e) => e.event.image.width === 160 && e.event.image.height === 120));
  assert.ok(scales.every(({ event: { tile } }) => tile.x >= 0 && tile.y >= 0 && tile.x < 160 && tile.y < 120 && tile.width > 0 && tile.height > 0));
  // The restore ran in the worker: this thread's loop was mostly idle (its busy share counts the time
  // it ran code, not the time a loaded machine left it waiting for a core, which a timer's gaps also
  // count), and the timer ran all along: at 5 ms it should tick about elapsed/5 times.
  assert.ok(busy < 0.5, `the event loop was busy ${(busy * 100).toFixed(0)} % of the restore`);
  assert.ok(ticks >= elapsed / 5 / 4, `only ${ticks} ticks in ${elapsed.toFixed(0)} ms`);
  assert.ok(worstGap < 1000, `the event loop stalled for ${worstGap.toFixed(0)} ms`);
});

test('cancel aborts a running restore and writes nothing', async () => {
  await writePhoto(join(dir, 'c.png'), 160, 120);
  const outcome = client.restore('b', config, job(join(dir, 'c.png'), join(dir, 'c-x4.png')), (e) => {
    if (e.type === 'scale' && e.event.scale === 2) client.cancel('b');
  });
  assert.equal((await outcome).status, 'cancelled');
  assert.ok(!existsSync(join(dir, 'c-x4.png')));
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.includes('.dvar-tmp-')),
    [],
  );
});

test('a missing pack and a missing photo come back as sentences', async () => {
  const noPack = await client.restore('c', { packDir: join(dir, 'nope') }, job(join(dir, 'big.png'), join(dir, 'x.png')));
  assert.equal(noPack.status, 'failed');
  assert.equal(noPack.stopsBatch, true);
  assert.match(noPack.message!, /^No model pack was found at .*\.$/);
  const noPhoto = await client.restore('d', config, job(join(dir, 'missing.jpg'), join(dir, 'y.png')));
  assert.deepEqual([noPhoto.status, noPhoto.stopsBatch], ['failed', false]);
  assert.match(noPhoto.message!, /missing\.jpg does not exist/);
});
