// The Restore view's options belong to its photo: restoring one photo at ×2 with "Natural" leaves the
// defaults (what Files cards and the batch use) as they were, until "Use as default" saves them. The
// Batch view shows and sets the batch's look (preset, detail, denoise) itself, and every queue row
// says what it will use or used. Debian's Chromium against the real web host with the tiny fixture pack.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';

const session = browserSession('options-own', (host) => useTinyPack(host));
const { root } = session;

test('Options: a Restore view restore does not change the defaults; Batch shows and sets its look; rows say what they use', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    const [single, queued] = await writePhotos(root, [
      { name: 'single.jpg', width: 48, height: 36 },
      { name: 'queued.jpg', width: 48, height: 36 },
    ]);
    await page.keyboard.press('2');
    const main = page.getByRole('main');
    await main.getByLabel('Photo to restore').fill(single!);
    await main.getByRole('radio', { name: 'Natural' }).click();
    await main.getByRole('combobox', { name: /^Scale/ }).selectOption('2');
    await main.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.locator('p.state[data-phase="done"]').waitFor({ timeout: 60_000 });
    assert.ok(existsSync(join(root, 'single-dvar-x2.png')), 'the photo was restored at ×2');

    // The defaults are untouched: the host's and what the Batch view shows.
    const defaults = (await api.invoke('settings:get', {})).restore;
    assert.equal(defaults.scale, 4);
    assert.equal(defaults.detail ?? 1, 1);
    await page.keyboard.press('4');
    const batch = page.getByRole('main', { name: 'Batch' });
    assert.equal(await batch.getByLabel('Scale', { exact: true }).inputValue(), '4');
    assert.equal(await batch.getByRole('radio', { name: 'Detailed' }).getAttribute('aria-checked'), 'true', 'the batch look is shown');

    // A waiting row says what it will use; the Batch view sets the look of the batch.
    await api.invoke('queue:add', { paths: [queued!], recursive: false });
    const uses = batch.locator(`tr.item[data-input="${queued}"] [data-testid="row-options"]`);
    await uses.waitFor();
    assert.equal(await uses.innerText(), '×4 · Detailed · PNG');
    await batch.getByRole('radio', { name: 'Balanced' }).click();
    await page.waitForFunction(
      (input) => document.querySelector(`tr.item[data-input="${input}"] [data-testid="row-options"]`)?.textContent === '×4 · Balanced · PNG',
      queued,
    );
    assert.equal(await batch.getByLabel('Fidelity ↔ Detail').inputValue(), '75');
    await batch.getByRole('button', { name: 'Start' }).click();
    await page.locator(`tr.item[data-input="${queued}"][data-status="done"]`).waitFor({ timeout: 60_000 });
    assert.ok(existsSync(join(root, 'queued-dvar-x4.png')), 'the batch ran at ×4, not at the Restore view’s ×2');
    assert.equal((await api.invoke('queue:get', {})).items[0]!.settings?.detail, 0.75, 'the photo ran with the Balanced look');
    // Rows that ran keep what they used, whatever the batch options become.
    await batch.getByRole('radio', { name: 'Crisp' }).click();
    await page.waitForFunction(() => document.querySelector('[role="radio"][aria-checked="true"]')?.textContent === 'Crisp');
    assert.equal(await uses.innerText(), '×4 · Balanced · PNG');

    // Back in the Restore view the photo keeps its own options; "Use as default" saves them explicitly.
    await page.keyboard.press('2');
    assert.equal(await main.getByRole('radio', { name: 'Natural' }).getAttribute('aria-checked'), 'true');
    assert.equal(await main.getByRole('combobox', { name: /^Scale/ }).inputValue(), '2');
    await main.getByTestId('use-as-default').click();
    await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('[data-testid="use-as-default"]')?.disabled === true);
    const saved = (await api.invoke('settings:get', {})).restore;
    assert.deepEqual([saved.scale, saved.detail, saved.denoise], [2, 0.5, 0.3]);
    await page.keyboard.press('4');
    assert.equal(await batch.getByLabel('Scale', { exact: true }).inputValue(), '2');
    assert.equal(await batch.getByRole('radio', { name: 'Natural' }).getAttribute('aria-checked'), 'true');
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    api.close();
    await page.close();
  }
});
