// One queued photo on a worker without Redis: a first attempt restores it; an attempt that finds the
// output newer than the job (an earlier attempt wrote it, and the queue lost that result when Redis
// went away) reports it restored, with its size and no time; an output that was there before the photo
// was queued is skipped.
import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DvarEngine } from '../../electron/engine/index.ts';
import sharp from 'sharp';
import { EnginePool } from '../../electron/distributed/engine-pool.ts';
import { restoreJobData } from '../../electron/distributed/job-schema.ts';
import type { RestoreJobData } from '../../electron/distributed/restore-job.ts';
import { runRestoreJob } from '../../electron/distributed/run-restore-job.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const temp = makeTempDir('dvar-run-job-');
const pool = new EnginePool((packDir) => DvarEngine.open(packDir, { threads: 1 }));
after(async () => {
  await pool.closeAll();
  temp.cleanup();
});

const job = (name: string): RestoreJobData => ({
  input: join(temp.dir, `${name}.png`),
  output: join(temp.dir, `${name}-dvar-x4.png`),
  pack: { folder: TINY_PACK },
  scale: 4,
  format: 'png',
  overwrite: false,
  restore: { tile: 32 },
});

test('an output written by an earlier attempt of the job counts as restored, one from before the job as skipped', async () => {
  const data = job('harbour');
  await writePhoto(data.input, 24, 16);
  const context = { pool, worker: 'test:1' };
  const queuedAt = Date.now() - 1000;

  const first = await runRestoreJob(data, { ...context, queuedAt });
  assert.equal(first.status, 'done');
  assert.ok(first.status === 'done' && typeof first.ms === 'number');
  assert.deepEqual(first.status === 'done' && [first.outputWidth, first.outputHeight], [96, 64]);

  // The job comes back after its result was lost: the output is newer than the job.
  const again = await runRestoreJob(data, { ...context, queuedAt });
  assert.deepEqual(again, { status: 'done', ms: null, outputWidth: 96, outputHeight: 64, worker: 'test:1' });

  // The same output, dated before the photo was queued: it was there already.
  const before = new Date(queuedAt - 60_000);
  utimesSync(data.output, before, before);
  assert.deepEqual(await runRestoreJob(data, { ...context, queuedAt }), { status: 'skipped', worker: 'test:1' });
  assert.deepEqual(await runRestoreJob(data, context), { status: 'skipped', worker: 'test:1' }, 'no job time: skipped as before');
});

test('a job with a print size and depth 16 passes the job schema and is written so: its size, its DPI, 16 bits', async () => {
  const data = restoreJobData.parse({ ...job('print'), print: { width: 2, height: 1.5, unit: 'in', dpi: 40 }, depth: 16 });
  await writePhoto(data.input, 24, 16);
  const result = await runRestoreJob(data, { pool, worker: 'test:1' });
  assert.deepEqual(result.status === 'done' && [result.outputWidth, result.outputHeight], [90, 60]);
  const meta = await sharp(data.output).metadata();
  assert.deepEqual([meta.density, meta.depth], [40, 'ushort']);
  assert.equal(restoreJobData.safeParse({ ...data, depth: 8 }).success, false, 'only 16 is sent; 8 is every job’s default');
});
