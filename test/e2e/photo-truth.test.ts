// Each photo's state as it is: a Files card of a photo with a result says "Done" when a later batch
// skipped it (its output was there) or was cancelled; a batch that ended with a failure says it ended,
// in a sentence; a typo in the Restore view's path box keeps what was typed, says why, and leaves the
// photo shown so far as it was; and the Restore view says where the result will be written before it
// starts. Debian's Chromium against the real web host with the tiny fixture pack.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';

const session = browserSession('truth', (host) => useTinyPack(host));
const { root } = session;

test('Restore view: where the result goes is said before starting; a typo keeps the box, says why and keeps the photo shown', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    const [photo] = await writePhotos(root, [{ name: 'pier.jpg', width: 48, height: 36 }]);
    await page.keyboard.press('2');
    const main = page.getByRole('main');
    const box = main.getByLabel('Photo to restore');
    // Before anything starts, the view says where results go and how they are named.
    assert.equal(await main.getByTestId('restore-destination').innerText(), 'Results are saved next to each photo, named like IMG_0042-dvar-x4.png.');
    await box.fill(photo!);
    await main.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.locator('p.state[data-phase="done"]').waitFor({ timeout: 60_000 });
    assert.match(await page.locator('p.state').innerText(), new RegExp(`written to ${join(root, 'pier-dvar-x4.png')}$`));

    const typo = join(root, 'peir.jpg');
    await box.fill(typo);
    await main.getByRole('button', { name: 'Restore', exact: true }).click();
    const refusal = main.getByRole('alert').filter({ hasText: 'peir.jpg' });
    await refusal.waitFor();
    assert.equal(await refusal.innerText(), `${typo} does not exist; check the path.`);
    assert.equal(await box.inputValue(), typo, 'what was typed stays, to be corrected');
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.match(await main.locator('h1').innerText(), /· pier\.jpg$/, 'the photo shown is still the one that was restored');
    assert.equal(await page.locator('p.state').getAttribute('data-phase'), 'done');
    assert.equal(await page.locator('[data-testid="restore-output-panel"]').getAttribute('data-showing'), 'result', 'its result is still shown');

    // A folder is not a photo.
    await box.fill(root);
    await main.getByRole('button', { name: 'Restore', exact: true }).click();
    await main.getByRole('alert').filter({ hasText: 'is a folder' }).waitFor();
    // Correcting the path clears the sentence and restores that photo.
    await box.fill(photo!);
    assert.equal(await main.getByRole('alert').filter({ hasText: 'is a folder' }).count(), 0);
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    await page.close();
  }
});

test('Files cards say Done for photos with a result that a batch skipped or cancelled; a batch with a failure ends on a sentence', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    const [kept, doomed] = await writePhotos(root, [
      { name: 'kept.jpg', width: 40, height: 30 },
      { name: 'doomed.jpg', width: 40, height: 30 },
    ]);
    await page.keyboard.press('1');
    const main = page.getByRole('main');
    await main.getByLabel('Open photos or folders').fill(kept!);
    await main.getByRole('button', { name: 'Open', exact: true }).click();
    const card = main.locator(`li.card[data-path="${kept}"]`);
    await card.getByRole('button', { name: 'Restore kept.jpg' }).click();
    await page.locator('p.state[data-phase="done"]').waitFor({ timeout: 60_000 });
    await page.keyboard.press('1');
    await page.locator(`li.card[data-path="${kept}"][data-status="done"]`).waitFor();

    // Queued again and cancelled before it ran: the card still has its result.
    await card.getByRole('button', { name: 'Queue' }).click();
    await card.locator('.chip[data-status="queued"]').waitFor();
    await api.invoke('queue:cancel', {});
    await page.locator(`li.card[data-path="${kept}"][data-status="cancelled"]`).waitFor();
    assert.equal(await card.locator('.chip').innerText(), 'Done');
    assert.equal(await card.getByTestId('card-result-note').innerText(), 'The last restore was cancelled; the earlier result is kept.');
    await api.invoke('queue:clear-finished', {});

    // Skipped by a batch because its output is there: done, not a warning.
    await api.invoke('settings:set', { skipExisting: true });
    await api.invoke('queue:add', { paths: [kept!, doomed!], recursive: false });
    rmSync(doomed!); // gone before it runs: that photo fails
    await page.keyboard.press('4');
    const batch = page.getByRole('main', { name: 'Batch' });
    await batch.getByRole('button', { name: 'Start' }).click();
    const ended = batch.getByTestId('batch-ended');
    await ended.waitFor({ timeout: 60_000 });
    assert.equal(await ended.innerText(), 'Batch finished: 1 of 2 photos have their result; 1 failed (the reason is on its row). Retry runs it again.');
    assert.equal(await batch.locator(`tr.item[data-input="${kept}"]`).getAttribute('data-status'), 'skipped');
    await page.keyboard.press('1');
    assert.equal(await card.locator('.chip').innerText(), 'Done');
    assert.equal(await card.getByTestId('card-result-note').innerText(), 'Already restored: the batch kept this result.');
    assert.deepEqual(
      app.errors.filter((e) => !/404|Failed to load resource/.test(e)),
      [],
      'no errors in the page',
    );
  } finally {
    api.close();
    await page.close();
  }
});
