// The two output choices (16-bit, print size) in the app, in Debian's Chromium against the real web host with the
// tiny fixture pack: Settings' "16-bit PNG/TIFF" is saved and the Restore view's restore follows it; the
// Restore view's "Print size" writes the size that covers the print with its DPI in the file (ICC and
// EXIF still carried); the Batch view offers the same print size and its rows name it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { FIXTURE_COPYRIGHT, writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';

const session = browserSession('print-size', (host) => useTinyPack(host));

/** Through the nav bar: a view key pressed while a text box has focus would type into it. */
const show = (page: import('playwright-core').Page, view: string) =>
  page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: new RegExp(`^${view}`) })
    .click();

test('16-bit PNG/TIFF in Settings, Print size in Restore and Batch: the file has the print’s size, DPI and 16 bits', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    const [photo, queued] = await writePhotos(session.root, [
      { name: 'sky.jpg', width: 120, height: 90 },
      { name: 'queued.jpg', width: 120, height: 90 },
    ]);
    await show(page, 'Settings');
    await page.getByRole('main', { name: 'Settings' }).getByLabel('16-bit PNG/TIFF').check();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#out-depth')?.checked === true);
    assert.equal((await api.invoke('settings:get', {})).outputDepth, 16, 'saved with the settings');

    await show(page, 'Restore');
    const main = page.getByRole('main');
    await main.getByLabel('Photo to restore').fill(photo!);
    await main.getByLabel('Output size').selectOption('print');
    // 2×1.5 in at 100 DPI is 200×150 px, the 4:3 photo's own shape.
    await main.getByLabel('Print width').fill('2');
    await main.getByLabel('Print width').press('Tab');
    await main.getByLabel('Print height').fill('1.5');
    await main.getByLabel('Print height').press('Tab');
    await main.getByLabel('Print unit').selectOption('in');
    await main.getByLabel('DPI').fill('100');
    await main.getByLabel('DPI').press('Tab');
    await main.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.locator('[role="status"][data-phase="done"]').waitFor({ timeout: 60_000 });
    const meta = await sharp(join(session.root, 'sky-dvar-x4.png')).metadata();
    assert.deepEqual([meta.width, meta.height, meta.density, meta.depth], [200, 150, 100, 'ushort']);
    assert.ok(meta.icc && meta.exif?.includes(FIXTURE_COPYRIGHT), 'ICC profile and EXIF carried');

    // The Batch view offers the same print size; a waiting row names it.
    await show(page, 'Batch');
    const batch = page.getByRole('main', { name: 'Batch' });
    await batch.getByLabel('Scale', { exact: true }).selectOption('print');
    await batch.getByLabel('DPI').fill('150');
    await batch.getByLabel('DPI').press('Tab');
    await api.invoke('queue:add', { paths: [queued!], recursive: false });
    const uses = batch.locator(`tr.item[data-input="${queued}"] [data-testid="row-options"]`);
    await page.waitForFunction(
      (input) => document.querySelector(`tr.item[data-input="${input}"] [data-testid="row-options"]`)?.textContent?.startsWith('print 30×20 cm at 150 DPI'),
      queued,
    );
    assert.equal(await uses.innerText(), 'print 30×20 cm at 150 DPI · Detailed · PNG');
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    api.close();
    await page.close();
  }
});
