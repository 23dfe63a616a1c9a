// The batch runner with a fake engine (nearest-neighbour ×4): the whole read → restore → resample →
// alpha → write flow, per-file failures, skips, batch-stopping errors and cancellation, without ONNX.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DvarError, throwIfAborted } from '../../electron/engine/errors.ts';
import type { FloatImage, RestoreHooks } from '../../electron/engine/types.ts';
import type { JobEvent } from '../../electron/jobs/job-events.ts';
import { restoreFiles, type RestoreEngine, type RestoreFilesOptions } from '../../electron/jobs/restore-files.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('restore-files');
test.after(cleanup);
const at = (name: string) => join(dir, name);

function nearestX4(image: FloatImage): FloatImage {
  const width = image.width * 4;
  const height = image.height * 4;
  const data = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        data[c * width * height + y * width + x] = image.data[c * image.width * image.height + (y >> 2) * image.width + (x >> 2)]!;
  return { width, height, channels: 3, data };
}

function fakeEngine(behaviour: { throwOnRestore?: Error; onScale?: (scale: number) => void } = {}): RestoreEngine {
  const provider = { name: 'cpu', reason: 'Fake engine for tests.', graphs: { encoder: 'cpu' } };
  return {
    upscale: 4,
    packName: 'fake',
    textConditioning: false,
    provider,
    async restore(image: FloatImage, _options, hooks: RestoreHooks = {}) {
      if (behaviour.throwOnRestore) throw behaviour.throwOnRestore;
      for (let scale = 1; scale <= 3; scale++) {
        throwIfAborted(hooks.signal);
        hooks.onScale?.({
          tileIndex: 0,
          tileCount: 1,
          group: { first: 0, last: 0 },
          tile: { x: 0, y: 0, width: image.width, height: image.height },
          scale,
          scales: 3,
          grid: { height: scale, width: scale },
          tokens: scale * scale,
          entropy: 0,
          stepMs: 1,
          elapsedMs: scale,
          progress: scale / 3,
        });
        behaviour.onScale?.(scale);
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { image: nearestX4(image), tiles: [], timings: {}, provider };
    },
  };
}

function runner(over: Partial<RestoreFilesOptions> = {}): { options: RestoreFilesOptions; events: JobEvent[]; opened: () => number } {
  const events: JobEvent[] = [];
  let opens = 0;
  const options: RestoreFilesOptions = {
    openEngine: async () => (opens++, fakeEngine()),
    scale: 4,
    format: 'png',
    overwrite: false,
    restore: {},
    onEvent: (e) => events.push(e),
    ...over,
  };
  return { options, events, opened: () => opens };
}

test("the per-MP figure is the photo's own time, not the opening of the pack before it", async () => {
  await writePhoto(at('slow-open.jpg'), 12, 8);
  const openMs = 400;
  const { options, events } = runner({ openEngine: () => new Promise((resolve) => setTimeout(() => resolve(fakeEngine()), openMs)) });
  await restoreFiles([{ input: at('slow-open.jpg'), output: at('slow-open-x4.png') }], options);
  const done = events.find((e) => e.type === 'file-done');
  assert.ok(done && done.type === 'file-done');
  const perPhotoMs = done.msPerOutputMegapixel * ((done.outputWidth * done.outputHeight) / 1e6);
  assert.ok(done.ms >= openMs, `the file's time still includes the opening (${done.ms} ms)`);
  assert.ok(perPhotoMs < done.ms - openMs / 2, `per-MP figure from ${perPhotoMs.toFixed(0)} of ${done.ms} ms`);
});

const noTemp = () =>
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.includes('.dvar-tmp-')),
    [],
  );

test('restores ×4 and ×2, keeps alpha, 16 bits and gray, and reports events in order', async () => {
  await writePhoto(at('a.jpg'), 12, 8);
  const rgba = Buffer.alloc(6 * 4 * 4, 200);
  await sharp(rgba, { raw: { width: 6, height: 4, channels: 4 } })
    .png()
    .toFile(at('b.png'));
  await sharp(new Uint16Array(5 * 5).fill(40000), { raw: { width: 5, height: 5, channels: 1 } })
    .toColourspace('grey16')
    .png()
    .toFile(at('c.png'));

  const { options, events, opened } = runner();
  const tasks = [
    { input: at('a.jpg'), output: at('a-x4.png') },
    { input: at('b.png'), output: at('b-x4.png') },
    { input: at('c.png'), output: at('c-x4.png') },
  ];
  const summary = await restoreFiles(tasks, options);
  assert.deepEqual({ ...summary, ms: 0 }, { total: 3, done: 3, skipped: 0, failed: 0, cancelled: false, ms: 0 });
  assert.equal(opened(), 1, 'one engine for the whole batch');
  assert.deepEqual(
    events
      .filter((e) => e.type !== 'scale' || e.fileIndex === 0)
      .slice(0, 6)
      .map((e) => e.type),
    ['engine-ready', 'file-start', 'scale', 'scale', 'scale', 'file-done'],
  );
  const a = await sharp(readFileSync(at('a-x4.png'))).metadata();
  assert.deepEqual([a.width, a.height], [48, 32]);
  const b = await sharp(readFileSync(at('b-x4.png'))).metadata();
  assert.deepEqual([b.width, b.height, b.hasAlpha], [24, 16, true]);
  const c = await sharp(readFileSync(at('c-x4.png'))).metadata();
  assert.deepEqual([c.width, c.channels, c.depth], [20, 1, 'ushort'], 'gray 16-bit in, gray 16-bit out');
  const done = events.find((e) => e.type === 'file-done');
  assert.ok(done && done.type === 'file-done' && done.msPerOutputMegapixel > 0);

  const half = runner({ scale: 2, format: 'jpg' });
  await restoreFiles([{ input: at('a.jpg'), output: at('a-x2.jpg') }], half.options);
  const x2 = await sharp(readFileSync(at('a-x2.jpg'))).metadata();
  assert.deepEqual([x2.format, x2.width, x2.height], ['jpeg', 24, 16]);
  noTemp();
});

test('a bad file reports its sentence and the batch goes on; existing outputs are skipped', async () => {
  writeFileSync(at('bad.jpg'), 'not a photo');
  writeFileSync(at('exists-x4.png'), 'keep me');
  await writePhoto(at('good.png'), 6, 6);
  const { options, events } = runner();
  const summary = await restoreFiles(
    [
      { input: at('bad.jpg'), output: at('bad-x4.png') },
      { input: at('good.png'), output: at('exists-x4.png') },
      { input: at('good.png'), output: at('good-x4.png') },
    ],
    options,
  );
  assert.deepEqual([summary.done, summary.skipped, summary.failed], [1, 1, 1]);
  const failed = events.find((e) => e.type === 'file-failed');
  assert.ok(failed?.type === 'file-failed' && failed.code === 'INPUT_INVALID' && failed.message.includes('bad.jpg'));
  assert.equal(readFileSync(at('exists-x4.png'), 'utf8'), 'keep me');
  assert.ok(!readdirSync(dir).includes('bad-x4.png'), 'no output for a failed file');
});

test('when every output exists the engine is never opened', async () => {
  const { options, opened } = runner({ openEngine: async () => assert.fail('must not open') });
  const summary = await restoreFiles([{ input: at('good.png'), output: at('good-x4.png') }], options);
  assert.equal(summary.skipped, 1);
  assert.equal(opened(), 0);
});

test('a missing pack stops the batch with its own error', async () => {
  const missing = new DvarError('PACK_MISSING', 'No model pack at /nowhere.');
  const { options } = runner({ openEngine: async () => Promise.reject(missing) });
  await assert.rejects(restoreFiles([{ input: at('good.png'), output: at('never.png') }], options), missing);
  assert.ok(!readdirSync(dir).includes('never.png'));
});

test('an unexpected engine error fails that file with "please report" and the batch continues', async () => {
  const { options, events } = runner({ openEngine: async () => fakeEngine({ throwOnRestore: new TypeError('tensor shape mismatch\n  at deep') }) });
  const summary = await restoreFiles(
    [
      { input: at('good.png'), output: at('u1.png') },
      { input: at('good.png'), output: at('u2.png') },
    ],
    options,
  );
  assert.equal(summary.failed, 2);
  const failed = events.find((e) => e.type === 'file-failed');
  assert.ok(failed?.type === 'file-failed');
  assert.equal(failed.code, 'RUNTIME');
  assert.match(failed.message, /tensor shape mismatch\); please report this\.$/);
});

test('aborting between scales cancels the batch and writes nothing', async () => {
  const controller = new AbortController();
  const { options } = runner({
    signal: controller.signal,
    openEngine: async () => fakeEngine({ onScale: (k) => k === 1 && controller.abort() }),
  });
  const summary = await restoreFiles(
    [
      { input: at('good.png'), output: at('c1.png') },
      { input: at('good.png'), output: at('c2.png') },
    ],
    options,
  );
  assert.equal(summary.cancelled, true);
  assert.equal(summary.done, 0);
  assert.ok(!readdirSync(dir).some((n) => n === 'c1.png' || n === 'c2.png'));
  noTemp();
});

test('Auto: each photo gets the look chosen from the whole photo, said in a look event after file-start, also for a region', async () => {
  await writePhoto(at('auto.png'), 48, 40);
  const { readImage } = await import('../../electron/image-files/index.ts');
  const { assessPhoto, chooseLook } = await import('../../electron/jobs/index.ts');
  const expected = chooseLook(assessPhoto((await readImage(at('auto.png'))).rgb));
  const seen: Array<{ detail?: number; denoise?: number }> = [];
  const engine = fakeEngine();
  const recording: RestoreEngine = {
    ...engine,
    restore: (image, options, hooks) => (seen.push({ detail: options.detail, denoise: options.denoise }), engine.restore(image, options, hooks)),
  };
  for (const region of [undefined, { x: 8, y: 8, width: 16, height: 16 }]) {
    const { options, events } = runner({ openEngine: async () => recording, autoLook: true, restore: { detail: 0.2, denoise: 0.9 }, overwrite: true, region });
    await restoreFiles([{ input: at('auto.png'), output: at('auto-x4.png') }], options);
    const types = events.map((e) => e.type);
    assert.ok(types.indexOf('look') > types.indexOf('file-start'), types.join(', '));
    const look = events.find((e) => e.type === 'look');
    assert.deepEqual(look && look.type === 'look' ? [look.look, look.why] : null, [expected.look.name, expected.why]);
    assert.deepEqual(seen.at(-1), { detail: expected.look.detail, denoise: expected.look.denoise }, 'the look replaces the options’ detail and denoise');
  }
  const { options, events } = runner({ openEngine: async () => recording, restore: { detail: 0.2, denoise: 0.9 }, overwrite: true });
  await restoreFiles([{ input: at('auto.png'), output: at('auto-x4.png') }], options);
  assert.ok(!events.some((e) => e.type === 'look'));
  assert.deepEqual(seen.at(-1), { detail: 0.2, denoise: 0.9 }, 'without Auto the options stand');
});
