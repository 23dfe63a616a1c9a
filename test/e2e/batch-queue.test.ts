// The batch queue and the time planned before a start, in Chromium through the web
// host: paths are checked when added (a missing file or a non-photo gets a "Not added" row with the
// reason and is not counted as work), `~` and relative paths start from the home folder, Pause lets the
// running photo finish instead of restarting it at 0 %, the running row says its pass and tile in plain
// words, and once this machine's speed is known the Batch view says how long the waiting photos take.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { QueueState } from '../../electron/ipc/contract.ts';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';

const session = browserSession('batch', (host) => useTinyPack(host), { homeIsRoot: true });
const { root } = session;

test('Batch: ~ and relative paths start from home; a missing file or a non-photo is not added, with the reason on its row', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    const photos = join(root, 'photos');
    mkdirSync(photos);
    await writePhotos(photos, [{ name: 'a.jpg', width: 32, height: 24 }]);
    writeFileSync(join(photos, 'notes.txt'), 'not a photo');
    await page.keyboard.press('4');
    const main = page.getByRole('main', { name: 'Batch' });
    const box = main.getByLabel(/Add photos or folders to the queue/);
    assert.match(await main.locator('form.path-entry label').innerText(), /~ and relative paths start from your home folder/);
    for (const typed of ['~/photos/a.jpg', 'photos/missing.jpg', '~/photos/notes.txt']) {
      await box.fill(typed);
      await main.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('tr.item').length === n,
        ['~/photos/a.jpg', 'photos/missing.jpg', '~/photos/notes.txt'].indexOf(typed) + 1,
      );
    }
    const row = (name: string) => main.locator(`tr.item[data-input="${join(photos, name)}"]`);
    const reason = (name: string) => main.locator(`tr.error-row[data-input="${join(photos, name)}"]`);
    assert.equal(await row('a.jpg').getAttribute('data-status'), 'pending', '~/photos/a.jpg is the photo in the home folder');
    assert.equal(await row('missing.jpg').getAttribute('data-status'), 'rejected', 'photos/missing.jpg was looked for in the home folder');
    assert.match(await reason('missing.jpg').innerText(), /^Not added: .*missing\.jpg does not exist; check the path\.$/);
    assert.equal(await row('notes.txt').getAttribute('data-status'), 'rejected');
    assert.match(await reason('notes.txt').innerText(), /^Not added: .*notes\.txt is not an image DVAR Studio can read/);
    assert.match(await row('notes.txt').innerText(), /Not added/);
    // Rejected rows are not queued work: the batch is one photo, and they have no Retry.
    assert.match(await main.getByTestId('batch-summary').innerText(), /^0 of 1 finished · 2 not added · 0%/);
    assert.equal(await row('missing.jpg').getByRole('button', { name: 'Retry' }).count(), 0);
    await main.getByRole('button', { name: 'Clear ended' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tr.item').length === 1);
    await main.getByRole('button', { name: /Remove a\.jpg/ }).click();
    assert.deepEqual(app.errors, []);
  } finally {
    await page.close();
  }
});

test('Batch: Pause lets the running photo finish instead of restarting it; rows say the step under way; the next start is planned', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  const statuses: string[] = [];
  try {
    const dir = join(root, 'pause');
    mkdirSync(dir);
    // Large enough that the first photo is still running when Pause is pressed.
    const [first, second] = await writePhotos(dir, [
      { name: 'wide-1.jpg', width: 256, height: 192 },
      { name: 'wide-2.jpg', width: 256, height: 192 },
    ]);
    await api.invoke('settings:set', { outputDir: join(root, 'out') });
    await api.invoke('queue:add', { paths: [first!, second!], recursive: false });
    api.on('queue:changed', (state: QueueState) => statuses.push(state.items.find((i) => i.input === first)?.status ?? '-'));
    await page.keyboard.press('4');
    const main = page.getByRole('main', { name: 'Batch' });
    const summary = main.getByTestId('batch-summary');
    await main.getByRole('button', { name: 'Start' }).click();

    const words = main.locator(`tr.item[data-input="${first}"] [data-testid="pass-words"]`);
    await page.waitForFunction(
      (input) =>
        /(restoring detail|refining, scale \d+ of \d+|assembling the image)/.test(
          document.querySelector(`tr.item[data-input="${input}"] [data-testid="pass-words"]`)?.textContent ?? '',
        ),
      first,
      { timeout: 30_000 },
    );
    assert.match(await words.innerText(), /^(restoring detail|refining, scale \d+ of 10|assembling the image)( · (part \d+|parts \d+–\d+) of \d+)?$/);

    await main.getByRole('button', { name: /^Pause/ }).click();
    await summary.getByText(/pausing after this photo: it finishes.*nothing is lost/).waitFor({ timeout: 5_000 });
    await main.getByRole('button', { name: /^Keep going/ }).waitFor();
    await page.locator(`tr.item[data-input="${first}"][data-status="done"]`).waitFor({ timeout: 120_000 });
    await summary.getByText(/· paused/).waitFor();
    assert.equal(await page.locator(`tr.item[data-input="${second}"]`).getAttribute('data-status'), 'pending', 'no other photo started');
    assert.ok(!statuses.slice(statuses.indexOf('running')).includes('pending'), `the running photo never went back to waiting: ${statuses.join(' ')}`);

    await main.getByRole('button', { name: /^Resume/ }).click();
    await page.locator(`tr.item[data-input="${second}"][data-status="done"]`).waitFor({ timeout: 120_000 });

    // This machine's speed is now known: a new photo shows its planned time before Start.
    const [third] = await writePhotos(dir, [{ name: 'wide-3.jpg', width: 180, height: 135 }]);
    await api.invoke('queue:add', { paths: [third!], recursive: false });
    const plan = main.getByTestId('batch-plan');
    await plan.waitFor({ timeout: 10_000 });
    assert.match(await plan.innerText(), /^about [\d.]+ (ms|s|min \d+ s) for 1 photo on this machine$/);
    assert.equal(await main.getByRole('button', { name: 'Start' }).isEnabled(), true, 'shown before the user starts');
    await main.getByRole('button', { name: 'Clear ended' }).click();
    assert.deepEqual(app.errors, []);
  } finally {
    api.close();
    await page.close();
  }
});

test('Restore: once this machine has restored a photo, the view says how long the whole photo should take before it is restored', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    // Runs after the batch above, so this machine's speed with the tiny pack is known.
    const [photo] = await writePhotos(root, [{ name: 'single.jpg', width: 96, height: 72 }]);
    await page.keyboard.press('2');
    const main = page.getByRole('main');
    await main.getByLabel('Photo to restore').fill(photo!);
    await main.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.locator('p.state[data-phase="done"]').waitFor({ timeout: 60_000 });
    const plan = main.getByTestId('restore-plan');
    assert.match(await plan.innerText(), /^Whole photo: about [\d.]+ (ms|s|min \d+ s) on this machine$/);
    assert.equal(await main.getByRole('button', { name: 'Restore again' }).isVisible(), true, 'shown beside the button that starts it');
    assert.deepEqual(app.errors, []);
  } finally {
    await page.close();
  }
});
