// The Files view and "adding photos in the browser host", in Chromium through the web host: photos are
// uploaded with the file picker and by dropping them; a thumbnail click selects (no job starts), the
// Restore button is what starts one; cards name their folder; a reload keeps the list, the selection
// and the view; notices sit below the view without covering any photo, can be dismissed, go away on
// their own and stay with the view they belong to; no sideways scroll.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';

const session = browserSession('files');

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `no horizontal scroll (${scroll} > ${client})`);
}

test('photos uploaded from the browser open, select on click, name their folder and survive a reload', { skip }, async () => {
  const dir = join(session.root, 'trip', 'beach');
  mkdirSync(dir, { recursive: true });
  const [first, second] = await writePhotos(dir, [
    { name: 'sunset.jpg', width: 64, height: 48 },
    { name: 'dunes.png', width: 40, height: 40 },
  ]);
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    const main = page.getByRole('main');
    // The picker: "Upload photos…" opens a file chooser; the photo is sent to the host and opened.
    const chooser = page.waitForEvent('filechooser');
    await main.getByRole('button', { name: 'Upload photos…' }).click();
    await (await chooser).setFiles(first!);
    const cards = main.locator('li.card');
    await cards.first().waitFor();
    assert.equal(await cards.first().locator('.name').innerText(), 'sunset.jpg');
    assert.equal(await cards.first().getByTestId('card-folder').innerText(), 'Uploaded');

    // Drag and drop from the desktop: the browser hands over bytes only, which are uploaded too.
    const bytes = [...readFileSync(second!)];
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'dunes.png', { type: 'image/png' }));
      return dt;
    }, bytes);
    const drop = main.getByRole('region', { name: 'Drop photos or folders here' });
    await drop.dispatchEvent('dragenter', { dataTransfer: transfer });
    await drop.dispatchEvent('drop', { dataTransfer: transfer });
    await cards.nth(1).waitFor();
    assert.equal(await cards.nth(1).locator('.name').innerText(), 'dunes.png');

    // A folder opened by path: cards show the subfolder each photo is in.
    await main.getByLabel('Open photos or folders').fill(join(session.root, 'trip'));
    await page.getByRole('checkbox', { name: 'Include subfolders' }).check();
    await main.getByRole('button', { name: 'Open', exact: true }).click();
    await cards.nth(3).waitFor();
    const folders = await main
      .locator('li.card')
      .evaluateAll((els) => els.map((el) => `${el.querySelector('.name')!.textContent}:${el.querySelector('[data-testid=card-folder]')!.textContent}`));
    assert.ok(folders.includes('sunset.jpg:beach') && folders.includes('dunes.png:beach'), folders.join(', '));

    // A thumbnail click selects; it does not start a restore or leave the view.
    const thumb = cards.first().getByRole('button', { name: 'Select sunset.jpg' });
    await thumb.click();
    assert.equal(await thumb.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('main', { name: 'Files' }).count(), 1, 'still in Files');
    assert.equal(await cards.first().getAttribute('data-status'), 'idle', 'no job started');
    await noSidewaysScroll(page);

    // The "Added"/"Uploaded" confirmation sits below the view, never over a thumbnail, and can be dismissed.
    const notice = page.getByRole('status', { name: 'Notices' }).getByRole('group').first();
    await notice.waitFor();
    const noticeBox = (await notice.boundingBox())!;
    const mainBox = (await main.boundingBox())!;
    for (const img of await main.locator('img').all()) {
      const box = await img.boundingBox(); // the part the scrolling view shows
      const top = Math.max(box?.y ?? 0, mainBox.y);
      const bottom = Math.min((box?.y ?? 0) + (box?.height ?? 0), mainBox.y + mainBox.height);
      if (box && bottom > top) assert.ok(!overlaps(noticeBox, { ...box, y: top, height: bottom - top }), 'a notice never covers a photo');
    }
    assert.ok(!overlaps(noticeBox, mainBox), 'the notices strip is outside the view');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await page.waitForFunction(() => !document.querySelector('[aria-label="Notices"] [role=group]'), null, { timeout: 5_000 });

    // Reload: the list, the selection and the view come back.
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Compare/ })
      .click();
    await page.reload();
    await page.getByRole('main', { name: 'Compare' }).waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Files/ }).click();
    await cards.nth(3).waitFor();
    assert.deepEqual(await main.locator('li.card .name').allInnerTexts(), ['sunset.jpg', 'dunes.png', 'dunes.png', 'sunset.jpg']);
    assert.equal(await cards.first().getByRole('button', { name: 'Select sunset.jpg' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await cards.first().getByTestId('card-folder').innerText(), 'Uploaded');
    await main.locator('li.card img').nth(3).waitFor(); // thumbnails load again
    assert.deepEqual(app.errors, []);
  } finally {
    await page.close();
  }
});

test('notices go away on their own, and a view’s notice leaves with the view', { skip }, async () => {
  const app = await openApp(session.browser(), session.host(), undefined, { fakeClock: true });
  const { page } = app;
  try {
    const nav = page.getByRole('navigation', { name: 'Views' });
    await nav.getByRole('button', { name: /Compare/ }).click();
    const main = page.getByRole('main');
    const details = main.locator('details.manual');
    if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await details.locator('summary').click();
    await main.getByLabel('Original').fill(join(session.root, 'nowhere.jpg'));
    await main.getByLabel('Restored').fill(join(session.root, 'nowhere-x4.png'));
    await main.getByRole('button', { name: 'Compare', exact: true }).click();
    const notices = page.getByRole('status', { name: 'Notices' }).getByRole('group');
    await notices.first().waitFor();
    assert.match(await notices.first().innerText(), /does not exist/);
    assert.equal(await notices.first().getAttribute('data-level'), 'error');
    // An error stays long enough to read (12 s), then goes by itself (no click).
    await page.clock.fastForward(11_000);
    assert.equal(await notices.count(), 1, 'still there after 11 s');
    await page.clock.fastForward(1_500);
    await page.waitForFunction(() => !document.querySelector('[aria-label="Notices"] [role=group]'), null, { timeout: 5_000 });

    // Raised in Compare, it does not follow the user to Files.
    await main.getByRole('button', { name: 'Compare', exact: true }).click();
    await notices.first().waitFor();
    await nav.getByRole('button', { name: /Files/ }).click();
    await page.getByRole('main', { name: 'Files' }).waitFor();
    assert.equal(await notices.count(), 0, 'the Compare notice left with its view');
    assert.deepEqual(app.errors, []);
  } finally {
    await page.close();
  }
});
