// Closing the engine client while a photo restores (the host stopping, the app quitting): the worker
// thread is never ended while an onnxruntime run is in flight, since ending it then aborts the whole
// process. close() waits for the run, the photo ends cancelled (not "stopped unexpectedly"), and a run
// that outlasts the wait makes close() say so instead of cutting the thread off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineClient, type FileJob, type JobOutcome } from '../../electron/app/engine-client.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const FAST_PACK = join(REPO_ROOT, 'models', 'packs', 'fast');
const config = { packDir: FAST_PACK, threads: 1 };
const job = (input: string, output: string): FileJob => ({ input, output, scale: 4, format: 'png', overwrite: false, restore: {} });

/** Starts a restore and calls `whenUnderWay` at its first scale event (graphs are running). */
function restoreUntilUnderWay(client: EngineClient, input: string, output: string, whenUnderWay: () => void): Promise<JobOutcome> {
  let called = false;
  return client.restore('photo', config, job(input, output), (event) => {
    if (event.type !== 'scale' || called) return;
    called = true;
    whenUnderWay();
  });
}

test('close mid-photo waits for the run in flight: the photo ends cancelled and nothing is written', async () => {
  const { dir, cleanup } = makeTempDir('engine-close');
  const client = new EngineClient();
  try {
    await writePhoto(join(dir, 'a.png'), 160, 160);
    let closing: Promise<void> | undefined;
    const outcome = await restoreUntilUnderWay(client, join(dir, 'a.png'), join(dir, 'a-x4.png'), () => {
      closing = client.close();
    });
    await closing;
    assert.equal(outcome.status, 'cancelled', outcome.message ?? '');
    assert.equal(existsSync(join(dir, 'a-x4.png')), false);
  } finally {
    await client.close();
    cleanup();
  }
});

test('a run that outlasts the wait: close says so and leaves the thread to finish it', async () => {
  const { dir, cleanup } = makeTempDir('engine-close-stuck');
  const client = new EngineClient();
  try {
    await writePhoto(join(dir, 'b.png'), 160, 160);
    let closing: Promise<unknown> | undefined;
    const outcome = restoreUntilUnderWay(client, join(dir, 'b.png'), join(dir, 'b-x4.png'), () => {
      closing = client.close(1).then(
        () => 'closed',
        (error: Error) => error,
      );
    });
    const closed = await new Promise<unknown>((resolve) => {
      const waitForClose = () => (closing ? resolve(closing) : setTimeout(waitForClose, 5));
      waitForClose();
    });
    assert.ok(closed instanceof Error, 'close rejects');
    assert.equal(closed.message, 'The restore engine did not finish its current step within 1 s, so it cannot be stopped safely.');
    // The thread was not ended under the run: the photo still gets its own ending.
    assert.equal((await outcome).status, 'cancelled');
  } finally {
    await client.close(); // the thread is idle now: it ends
    cleanup();
  }
});
