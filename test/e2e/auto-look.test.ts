// Auto, the look chosen for each photo: a choice beside the presets in the Restore and Batch views that
// sets the sliders aside, says after a restore which look it chose and why, and shows it on each queue
// row once the photo ran. Debian's Chromium against the real web host with the tiny fixture pack.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';

const session = browserSession('auto-look', (host) => useTinyPack(host));
const CHOSEN = /Auto chose (Natural|Balanced|Detailed|Crisp) \((noise|JPEG blocking|clean)[^)]*\)\./;

test('Auto: chosen for each photo in Restore and Batch, and each says what it chose', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    const [single, queued] = await writePhotos(session.root, [
      { name: 'single.jpg', width: 48, height: 36 },
      { name: 'queued.jpg', width: 48, height: 36 },
    ]);
    await page.keyboard.press('2');
    const main = page.getByRole('main');
    await main.getByLabel('Photo to restore').fill(single!);
    await main.getByRole('radio', { name: 'Auto' }).click();
    assert.equal(await main.getByRole('radio', { name: 'Auto' }).getAttribute('aria-checked'), 'true');
    assert.equal(await main.getByLabel('Fidelity ↔ Detail').isDisabled(), true, 'Auto sets the sliders aside');
    await main.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.locator('p.state[data-phase="done"]').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('auto-look').innerText(), CHOSEN);

    // The batch's own look: Auto for every photo, each row saying what it got.
    await page.keyboard.press('4');
    const batch = page.getByRole('main', { name: 'Batch' });
    await batch.getByRole('radio', { name: 'Auto' }).click();
    await api.invoke('queue:add', { paths: [queued!], recursive: false });
    const uses = batch.locator(`tr.item[data-input="${queued}"] [data-testid="row-options"]`);
    await page.waitForFunction(
      (input) => document.querySelector(`tr.item[data-input="${input}"] [data-testid="row-options"]`)?.textContent === '×4 · Auto · PNG',
      queued,
    );
    await batch.getByRole('button', { name: 'Start' }).click();
    await page.locator(`tr.item[data-input="${queued}"][data-status="done"]`).waitFor({ timeout: 60_000 });
    assert.match(await uses.innerText(), /^×4 · Auto: (Natural|Balanced|Detailed|Crisp), (noise|JPEG blocking|clean).* · PNG$/);
    assert.equal((await api.invoke('settings:get', {})).restore.autoLook, true, 'the batch look is the defaults’');
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    api.close();
    await page.close();
  }
});
