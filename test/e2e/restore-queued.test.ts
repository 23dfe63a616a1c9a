// A single restore started while the batch runs a photo waits for it (the host runs
// one photo at a time), and the Restore view says so instead of "Restoring…"; then it runs and finishes.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi } from './web-host-process.ts';

const session = browserSession('queued');
const { root } = session;

test('Restore: a photo started during a batch says it is queued until its turn', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    const batchDir = join(root, 'batch');
    mkdirSync(batchDir);
    // Photos large enough that the batch's first one is still running when the single restore starts.
    await writePhotos(batchDir, [
      { name: 'wide-1.jpg', width: 256, height: 192 },
      { name: 'wide-2.jpg', width: 256, height: 192 },
    ]);
    const [single] = await writePhotos(root, [{ name: 'single.jpg', width: 64, height: 48 }]);
    await api.invoke('packs:import', { dir: TINY_PACK });
    await api.invoke('settings:set', { packDir: TINY_PACK, threads: 1, outputDir: join(root, 'out') });
    await api.invoke('queue:add', { paths: [batchDir], recursive: false });
    await api.invoke('queue:start', {});

    await page.keyboard.press('2');
    await page
      .getByRole('contentinfo', { name: 'Status' })
      .getByText(/Batch 0\/2 running/)
      .waitFor({ timeout: 15_000 });
    const main = page.getByRole('main');
    await main.getByLabel('Photo to restore').fill(single!);
    await main.getByRole('button', { name: 'Restore', exact: true }).click();

    const state = page.locator('p.state[role="status"]');
    await page.locator('p.state[data-queued="true"]').waitFor({ timeout: 10_000 });
    assert.match(await state.innerText(), /^Queued: the batch is restoring wide-\d\.jpg; this photo starts as soon as that one is finished\./);
    assert.doesNotMatch(await page.getByRole('contentinfo', { name: 'Status' }).innerText(), /Restoring single\.jpg/);

    await page.locator('p.state[data-phase="done"]').waitFor({ timeout: 90_000 });
    assert.equal(await state.getAttribute('data-queued'), 'false');
    assert.deepEqual(app.errors, []);
  } finally {
    api.close();
    await page.close();
  }
});
