// Per-photo settings in a batch: a waiting row's own look and size, chosen on the row, go over the batch
// options for that photo only; the row says so, and the photo is written that way. Debian's Chromium
// against the real web host with the tiny fixture pack.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';

const session = browserSession('batch-own', (host) => useTinyPack(host));

test('Batch: a row’s own look and size go over the batch options for that photo only', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    const [mine, others] = await writePhotos(session.root, [
      { name: 'mine.jpg', width: 48, height: 36 },
      { name: 'others.jpg', width: 48, height: 36 },
    ]);
    await api.invoke('queue:add', { paths: [mine!, others!], recursive: false });
    await page.keyboard.press('4');
    const batch = page.getByRole('main', { name: 'Batch' });
    const words = (input: string) => batch.locator(`tr.item[data-input="${input}"] [data-testid="row-options"]`);
    await words(mine!).waitFor();
    await batch.getByLabel('Look of mine.jpg').selectOption('Natural');
    await batch.getByLabel('Size of mine.jpg').selectOption('2');
    await page.waitForFunction(
      (input) => document.querySelector(`tr.item[data-input="${input}"] [data-testid="row-options"]`)?.textContent === '×2 · Natural · PNG · own',
      mine,
    );
    assert.equal(await words(others!).innerText(), '×4 · Detailed · PNG');
    await batch.getByRole('button', { name: 'Start' }).click();
    await page.locator(`tr.item[data-input="${others}"][data-status="done"]`).waitFor({ timeout: 60_000 });
    await page.locator(`tr.item[data-input="${mine}"][data-status="done"]`).waitFor({ timeout: 60_000 });
    assert.ok(existsSync(join(session.root, 'mine-dvar-x2.png')) && existsSync(join(session.root, 'others-dvar-x4.png')));
    assert.equal(await words(mine!).innerText(), '×2 · Natural · PNG', 'a finished row says what it used');
    assert.equal(await batch.getByLabel('Look of mine.jpg').count(), 0, 'a finished row has no choices left');
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    api.close();
    await page.close();
  }
});
