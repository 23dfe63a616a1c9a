// In Chromium through the web host: a bad number in Settings gets one plain
// sentence beside the field and the field keeps what was typed (no raw schema text, no silent reset);
// an output folder set in Batch shows in Settings at once; an output folder that is a file is refused
// with the reason, the typed path stays marked in both views, they say where photos still go, and the
// queue's folder is that one. At 1024×700 neither view scrolls sideways with all of that on screen. A
// setting saved elsewhere does not undo a field being typed (the CI flake of stop 19: a late
// settings:changed refilled the queue's CA field with the refused path it was being cleared of).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { connectApi } from './web-host-process.ts';

const session = browserSession('settings-fields', undefined, { homeIsRoot: true });
const { root } = session;

/** Through the nav bar: a view key pressed while a text box has focus would type into it. */
const show = (page: import('playwright-core').Page, view: string) =>
  page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: new RegExp(`^${view}`) })
    .click();
const noSideways = () => document.documentElement.scrollWidth <= document.documentElement.clientWidth;

test('Settings: bad numbers get a plain sentence beside the field, which keeps what was typed', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    const saved = await api.invoke('settings:get', {});
    await show(page, 'Settings');
    const main = page.getByRole('main', { name: 'Settings' });
    const threads = main.locator('#threads');
    await threads.fill('-5');
    await threads.press('Tab');
    const problem = main.locator('#threads-problem');
    await problem.waitFor();
    assert.equal(await problem.innerText(), 'CPU threads must be a whole number from 0 to 256 (0 uses every core).');
    assert.equal(await threads.inputValue(), '-5', 'the field keeps what was typed');
    assert.equal(await threads.getAttribute('aria-invalid'), 'true');
    assert.equal(await threads.getAttribute('aria-describedby'), 'threads-problem');
    assert.doesNotMatch(await page.locator('body').innerText(), /Invalid request|Too small|field "/);
    assert.equal((await api.invoke('settings:get', {})).threads, saved.threads, 'nothing was saved');

    // A fraction is not rounded behind the user's back either; a good value clears the problem.
    await main.locator('#seed').fill('1.5');
    await main.locator('#seed').press('Tab');
    await main.locator('#seed-problem').getByText('The seed must be a whole number from 0 to 4294967295.').waitFor();
    await threads.fill('2');
    await threads.press('Tab');
    await problem.waitFor({ state: 'detached' });
    assert.equal((await api.invoke('settings:get', {})).threads, 2);
    assert.equal(await main.locator('#seed').inputValue(), '1.5', 'another field keeps its own problem');
    assert.deepEqual(app.errors, []);
  } finally {
    api.close();
    await page.close();
  }
});

test('Output folder: set in Batch it shows in Settings at once; a file is refused, marked, and photos still go where it says', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    mkdirSync(join(root, 'restored'));
    const file = join(root, 'not-a-folder.txt');
    writeFileSync(file, 'a file');
    await show(page, 'Batch');
    const batch = page.getByRole('main', { name: 'Batch' });
    const batchFolder = batch.locator('#batch-out-dir');
    await batchFolder.fill('~/restored');
    await batchFolder.press('Tab');
    await page.waitForFunction((expected) => (document.getElementById('batch-out-dir') as HTMLInputElement | null)?.value === expected, join(root, 'restored'));

    await show(page, 'Settings');
    const main = page.getByRole('main', { name: 'Settings' });
    const folder = main.locator('#out-dir');
    assert.equal(await folder.inputValue(), join(root, 'restored'), 'Settings shows the folder set in Batch, ~ expanded, without a reload');

    await folder.fill(file);
    await folder.press('Tab');
    const alert = main.locator('#out-dir-hint [role="alert"]');
    await alert.waitFor();
    assert.equal(
      await alert.innerText(),
      `The output folder ${file} is a file, not a folder; choose another output folder. Photos still go to ${join(root, 'restored')}.`,
    );
    assert.equal(await folder.inputValue(), file, 'the bad path stays where the user can see and fix it');
    assert.equal(await folder.getAttribute('aria-invalid'), 'true');
    const queue = await api.invoke('queue:get', {});
    assert.equal(queue.outputDir, join(root, 'restored'), 'the queue writes where the message says');

    // The same state in Batch: marked, with the same reason.
    await show(page, 'Batch');
    assert.equal(await batchFolder.inputValue(), file);
    assert.equal(await batchFolder.getAttribute('aria-invalid'), 'true');
    assert.match(await batch.locator('#batch-out-dir-hint').innerText(), /is a file, not a folder.*Photos still go to .*restored\.$/);

    await page.setViewportSize({ width: 1024, height: 700 });
    for (const view of ['Batch', 'Settings']) {
      await show(page, view);
      await page.getByRole('main', { name: view }).waitFor();
      assert.equal(await page.evaluate(noSideways), true, `${view} does not scroll sideways at 1024×700`);
    }

    // Fixing it clears the mark in both views.
    await folder.fill(join(root, 'restored'));
    await folder.press('Tab');
    await alert.waitFor({ state: 'detached' });
    assert.equal(await folder.getAttribute('aria-invalid'), null);
    assert.deepEqual(app.errors, []);
  } finally {
    api.close();
    await page.close();
  }
});

test('A setting saved elsewhere (another window, the queue) does not undo what is being typed in a field', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    await show(page, 'Settings');
    const main = page.getByRole('main', { name: 'Settings' });
    // One field with a refused value on show, then being cleared; others with text not yet saved.
    const ca = main.locator('#queue-ca');
    await ca.fill('~/no-such-ca.pem');
    await ca.press('Tab');
    await main.locator('#queue-ca-hint [role="alert"]').waitFor();
    await ca.fill('');
    const typing: Array<[string, string]> = [
      ['#queue-url', 'redis://queue-host:6379'],
      ['#threads', '3'],
      ['#seed', '77'],
      ['#out-name', '{name}-big'],
    ];
    for (const [field, text] of typing) await main.locator(field).fill(text);

    const before = await api.invoke('settings:get', {});
    const theme = before.theme === 'dark' ? 'light' : 'dark';
    await api.invoke('settings:set', { theme });
    await page.waitForFunction((expected) => document.documentElement.dataset.theme === expected, theme);
    assert.equal(await ca.inputValue(), '', 'the cleared field stays cleared');
    for (const [field, text] of typing) assert.equal(await main.locator(field).inputValue(), text, `${field} keeps what is being typed`);

    // Leaving the cleared field saves it and its old problem goes.
    await ca.focus();
    await ca.press('Tab');
    await main.locator('#queue-ca-hint [role="alert"]').waitFor({ state: 'detached' });
    await api.invoke('settings:set', { theme: before.theme });
    assert.deepEqual(app.errors, []);
  } finally {
    api.close();
    await page.close();
  }
});
