// Results can be taken away from the browser host: the Restore view has Download where the result is
// shown, each finished queue row has Compare, Download and Open, and for photos uploaded from the
// browser both views say that results are written in the host's upload folder, and how to get them.
// Debian's Chromium against the real web host with the tiny fixture pack.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { useTinyPack } from './web-host-process.ts';

const session = browserSession('take-away', (host) => useTinyPack(host));

test('An uploaded photo: Download in the Restore view; Compare, Download and Open on its queue row; where its results are is said', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    const [photo] = await writePhotos(session.root, [{ name: 'attic.jpg', width: 40, height: 30 }]);
    await page.keyboard.press('1');
    const main = page.getByRole('main');
    const chooser = page.waitForEvent('filechooser');
    await main.getByRole('button', { name: 'Upload photos…' }).click();
    await (await chooser).setFiles(photo!);
    const card = main.locator('li.card').first();
    await card.waitFor();
    await card.getByRole('button', { name: 'Restore attic.jpg' }).click();
    await page.locator('p.state[data-phase="done"]').waitFor({ timeout: 60_000 });

    // Where it went: the upload folder, said as such, and Download takes it away.
    assert.match(
      await page.locator('p.state').innerText(),
      /written to .*uploads.*attic-dvar-x4\.png \(DVAR Studio’s folder for uploaded photos, on the computer that runs it: Download takes the result away\)\.$/,
    );
    const saved = page.waitForEvent('download');
    await main.getByRole('button', { name: 'Download', exact: true }).click();
    const download = await saved;
    assert.equal(download.suggestedFilename(), 'attic-dvar-x4.png');
    assert.deepEqual(
      readFileSync(await download.path())
        .subarray(1, 4)
        .toString(),
      'PNG',
    );

    // The same photo through the batch: its finished row offers the result three ways.
    await page.keyboard.press('1');
    await card.getByRole('button', { name: 'Queue' }).click();
    await page.keyboard.press('4');
    const batch = page.getByRole('main', { name: 'Batch' });
    assert.match(
      await batch.getByTestId('batch-uploaded-note').innerText(),
      /^Photos uploaded from this browser are restored next to their uploaded copies, in DVAR Studio’s folder for uploads \(.*uploads.*\): use Download on their rows, or choose a Folder above\.$/,
    );
    await batch.getByRole('button', { name: 'Start' }).click();
    await batch.getByTestId('batch-ended').waitFor({ timeout: 60_000 });
    // Its result is there already (skip photos already restored is on by default): the row offers it.
    const row = batch.locator('tr.item[data-status="skipped"]');
    assert.equal(await row.count(), 1, await batch.locator('table').innerText());
    const output = (await row.locator('td.output').getAttribute('title'))!;
    assert.match(output, /attic-dvar-x4(-\d+)?\.png$/);

    const rowSaved = page.waitForEvent('download');
    await row.getByRole('button', { name: 'Download the result of attic.jpg' }).click();
    assert.equal((await rowSaved).suggestedFilename(), output.split('/').pop());

    const popup = page.waitForEvent('popup');
    await row.getByRole('button', { name: 'Open the result of attic.jpg in a new tab' }).click();
    const tab = await popup;
    await tab.waitForURL(/\/image\?/);
    assert.equal(new URL(tab.url()).searchParams.get('path'), output);
    await tab.close();

    await row.getByRole('button', { name: 'Compare attic.jpg with its result' }).click();
    await page.getByRole('main', { name: 'Compare' }).waitFor();
    assert.match(await page.getByRole('main').innerText(), new RegExp(output.split('/').pop()!.replace(/[.]/g, '\\.')));
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    await page.close();
  }
});
