// The batch runner with the photographer's options on the fixture pack: the written file has exactly
// the asked long edge, a preview region restores only that crop, and a confidence map comes out when
// the options ask for entropy `map`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import sharp from 'sharp';
import { DvarEngine } from '../../electron/engine/index.ts';
import type { JobEvent } from '../../electron/jobs/job-events.ts';
import { restoreFiles, type RestoreFilesOptions } from '../../electron/jobs/restore-files.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('photographer-options');
let opened: Promise<DvarEngine> | undefined;
const openEngine = () => (opened ??= DvarEngine.open(TINY_PACK, { threads: 1 }));
test.after(async () => {
  await (await openEngine()).close();
  cleanup();
});

async function run(name: string, over: Partial<RestoreFilesOptions>) {
  const input = join(dir, `${name}.png`);
  const output = join(dir, `${name}-out.png`);
  await writePhoto(input, 30, 20);
  const events: JobEvent[] = [];
  const summary = await restoreFiles([{ input, output }], {
    openEngine,
    scale: 4,
    format: 'png',
    overwrite: false,
    restore: {},
    onEvent: (e) => events.push(e),
    ...over,
  });
  return { summary, events, output };
}

test('a long edge gives a file with exactly that long side', async () => {
  const { summary, output } = await run('long-edge', { longEdge: 97 });
  assert.equal(summary.done, 1);
  const meta = await sharp(output).metadata();
  assert.deepEqual([meta.width, meta.height], [97, 65]);
});

test('a preview region restores only that crop, and an unreachable size fails that photo with a sentence', async () => {
  const { events, output } = await run('region', { region: { x: 6, y: 4, width: 16, height: 12 } });
  const start = events.find((e) => e.type === 'file-start')!;
  assert.deepEqual(start.type === 'file-start' && [start.width, start.height], [16, 12]);
  const meta = await sharp(output).metadata();
  assert.deepEqual([meta.width, meta.height], [64, 48]);
  const outside = await run('outside', { region: { x: 20, y: 0, width: 16, height: 12 } });
  const failed = outside.events.find((e) => e.type === 'file-failed');
  assert.match(failed?.type === 'file-failed' ? failed.message : '', /not inside the 30×20 photo/);
  const big = await run('too-big', { longEdge: 121 });
  assert.equal(big.summary.failed, 1);
});

test('entropy `map` yields one confidence map over the photo, before file-done', async () => {
  const { events } = await run('confidence', { restore: { entropy: 'map' } });
  const index = events.findIndex((e) => e.type === 'confidence');
  assert.ok(index >= 0 && index < events.findIndex((e) => e.type === 'file-done'));
  const event = events[index]!;
  assert.ok(event.type === 'confidence');
  assert.equal(event.map.cell, 2, 'one token per 8 / 4 input pixels');
  assert.deepEqual([event.map.width, event.map.height], [15, 10]);
  assert.ok(event.map.data.every((v) => Number.isFinite(v) && v >= 0));
  const plain = await run('no-confidence', {});
  assert.ok(!plain.events.some((e) => e.type === 'confidence'));
});
