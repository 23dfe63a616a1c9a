// In Chromium through the web host: with "Replace earlier DVAR results" chosen, Start first says how
// many files it will replace, and declining starts nothing; with the default (a new name), Start asks
// nothing and the earlier result stays.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { QueueState } from '../../electron/ipc/contract.ts';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';

const session = browserSession('batch-replace', (host) => useTinyPack(host));

async function idle(api: ReturnType<typeof connectApi>): Promise<QueueState> {
  for (;;) {
    const state = await api.invoke('queue:get', {});
    if (!state.running && state.items.every((i) => i.status !== 'pending' && i.status !== 'running')) return state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('Batch: Start says how many earlier results it will replace, and Cancel in that question starts nothing', { skip }, async () => {
  const api = connectApi(session.host());
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    const dir = join(session.root, 'replace');
    mkdirSync(dir);
    const [photo] = await writePhotos(dir, [{ name: 'a.jpg', width: 24, height: 16 }]);
    await api.invoke('queue:add', { paths: [photo!], recursive: false });
    await api.invoke('queue:start', {});
    await idle(api); // a-dvar-x4.png: an earlier result
    await api.invoke('queue:clear-finished', {});
    await api.invoke('settings:set', { skipExisting: false, replaceEarlierResults: true });
    await api.invoke('queue:add', { paths: [photo!], recursive: false });

    await page.keyboard.press('4');
    const main = page.getByRole('main', { name: 'Batch' });
    const start = main.getByRole('button', { name: 'Start', exact: true });
    // The count arrives with the queue's state once it has looked at the files.
    await page.waitForFunction(() => document.querySelector('tr.item')?.getAttribute('data-status') === 'pending');
    let asked = '';
    for (let tries = 0; tries < 50 && !asked; tries++) {
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        void dialog.dismiss();
      });
      await start.click();
      if (!asked) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(asked, 'Start will replace 1 earlier DVAR result (Settings: Replace earlier DVAR results). Go on?');
    assert.equal((await api.invoke('queue:get', {})).items[0]!.status, 'pending', 'declined: nothing started');

    page.once('dialog', (dialog) => void dialog.accept());
    await start.click();
    const done = await idle(api);
    assert.deepEqual([done.items[0]!.status, done.items[0]!.output], ['done', join(dir, 'a-dvar-x4.png')]);
    assert.deepEqual(app.errors, []);
  } finally {
    await api.invoke('settings:set', { skipExisting: true, replaceEarlierResults: false });
    api.close();
    await page.close();
  }
});
