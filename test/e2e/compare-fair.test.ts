// Fair comparison and "A/B between two results", in Chromium through the web host, at the window size the
// suite runs with (and the long-name checks again at 1024×700): original and result are sampled the same way at every zoom
// (layers and loupe, where the original is seen on the result’s pixel grid); the divider moves when its line is dragged anywhere, while a drag elsewhere
// pans; a very long file name neither widens the result picker nor scrolls the page sideways; a result
// can be compared against another result of the same photo; a notice raised in Compare never covers
// the canvas.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2eViewport, openApp, SMALLEST_WINDOW } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';

const session = browserSession('compare');
const LONG = `${'a-very-long-holiday-photo-name-'.repeat(7)}x4.png`;

async function compareFiles(page: Page, original: string, restored: string, shown = true): Promise<void> {
  const main = page.getByRole('main');
  const details = main.locator('details.manual');
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await details.locator('summary').click();
  await main.getByRole('textbox', { name: 'Original' }).fill(original);
  await main.getByRole('textbox', { name: 'Restored' }).fill(restored);
  await main.getByRole('button', { name: 'Compare', exact: true }).click();
  // The manual section closes once the pair is shown: wait for that, so a second call finds it settled.
  if (shown) await page.waitForFunction(() => !document.querySelector<HTMLDetailsElement>('details.manual')?.open, null, { timeout: 15_000 });
}

const renderings = (page: Page) =>
  page
    .getByTestId('compare-stage')
    .locator('img')
    .evaluateAll((imgs) => imgs.map((img) => `${img.getAttribute('alt')}:${getComputedStyle(img).imageRendering}`));

test('Compare is fair and usable: same sampling, a draggable line, long names, A/B of two results', { skip }, async () => {
  const dir = session.root;
  const [photo, resultA, resultB] = await writePhotos(dir, [
    { name: 'harbour.jpg', width: 40, height: 30 },
    { name: 'harbour-seed1-x4.png', width: 160, height: 120 },
    { name: LONG, width: 160, height: 120 },
  ]);
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Compare/ })
      .click();
    await compareFiles(page, photo!, resultA!);
    await compareFiles(page, photo!, resultB!);
    const stage = page.getByTestId('compare-stage');
    await page.getByTestId('compare-sizes').filter({ hasText: '40×30 → 160×120' }).waitFor();

    // A long name: the picker stays inside the window and the page never scrolls sideways, also in the
    // smallest window the app supports.
    for (const viewport of [page.viewportSize()!, SMALLEST_WINDOW]) {
      await page.setViewportSize(viewport);
      const picker = page.getByRole('main').locator('select').first();
      const pickerBox = (await picker.boundingBox())!;
      const width = viewport.width;
      assert.ok(pickerBox.x + pickerBox.width <= width, `the picker ends inside the window (${pickerBox.x + pickerBox.width} > ${width})`);
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client, `no horizontal scroll at ${width} px (${scroll} > ${client})`);
    }
    await page.setViewportSize(e2eViewport());

    // Same sampling for both at every zoom (nearest neighbour once magnified), and in the loupe.
    const atFit = (await renderings(page)).map((r) => r.split(':')[1]);
    assert.equal(new Set(atFit).size, 1, `one sampling at fit: ${atFit.join(', ')}`);
    await stage.hover();
    for (let i = 0; i < 8; i++) await page.keyboard.press('+');
    const zoomed = await renderings(page);
    assert.ok(zoomed.length >= 2 && zoomed.every((r) => r.endsWith(':pixelated')), `original and result alike when zoomed: ${zoomed.join(', ')}`);
    await page.keyboard.press('0');
    await page.keyboard.press('l');
    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.5);
    // Like for like in the loupe: the original (a quarter of the result's width) is shown on the
    // result's pixel grid, so one sample is as large on screen on either side, both nearest-neighbour.
    const loupeSample = () =>
      page.evaluate(() => {
        const el = document.querySelector<HTMLCanvasElement | HTMLImageElement>('.loupe canvas, .loupe img')!;
        const samples = el instanceof HTMLCanvasElement ? el.width : el.naturalWidth;
        return {
          src: el.getAttribute('src') ?? el.getAttribute('data-src'),
          px: el.getBoundingClientRect().width / samples,
          rendering: getComputedStyle(el).imageRendering,
        };
      });
    await stage.locator('.loupe canvas').waitFor();
    const leftLoupe = await loupeSample();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.5);
    await page.waitForFunction(
      (src) => document.querySelector('.loupe img')?.getAttribute('src') !== src && document.querySelector('.loupe img') !== null,
      leftLoupe.src,
    );
    const rightLoupe = await loupeSample();
    assert.equal(leftLoupe.rendering, rightLoupe.rendering, 'the loupe samples the original and the result the same way');
    assert.ok(
      Math.abs(leftLoupe.px - rightLoupe.px) < 0.01,
      `one sample of the original is as large as one of the result (${leftLoupe.px.toFixed(2)} vs ${rightLoupe.px.toFixed(2)} screen px)`,
    );
    await page.keyboard.press('l');

    // The divider follows a drag that starts anywhere on its line, far from the round handle.
    const handle = page.getByRole('slider', { name: 'Before/after divider' });
    const line = (await page.getByTestId('compare-divider').boundingBox())!;
    await page.mouse.move(line.x + line.width / 2, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2, { steps: 5 });
    await page.mouse.up();
    const split = Number(await handle.getAttribute('aria-valuenow'));
    assert.ok(Math.abs(split - 30) <= 3, `dragging the line moved the divider to 30 %, it is at ${split} %`);
    // A drag elsewhere pans the zoomed photo and leaves the divider where it is.
    await stage.hover();
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    const transform = () => stage.locator('img[alt="Result"]').evaluate((img) => (img as HTMLElement).style.transform);
    const before = await transform();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 4 });
    await page.mouse.up();
    assert.notEqual(await transform(), before, 'the photo panned');
    assert.equal(Number(await handle.getAttribute('aria-valuenow')), split, 'the divider stayed');
    // A double-click on the handle centres the divider and selects no text (it selected its "›").
    await page.keyboard.press('0');
    const knob = (await handle.boundingBox())!;
    await page.mouse.dblclick(knob.x + knob.width * 0.7, knob.y + knob.height / 2);
    assert.equal(await handle.getAttribute('aria-valuenow'), '50');
    assert.equal(await page.evaluate(() => window.getSelection()?.toString() ?? ''), '', 'nothing got selected');

    // A/B: the long-named result against the other result of the same photo.
    const against = page.getByRole('combobox', { name: 'Compare the result against' });
    await against.selectOption({ label: 'harbour-seed1-x4.png' });
    await stage.locator('img[alt="A: harbour-seed1-x4.png"]').waitFor();
    assert.ok((await stage.locator(`img[alt="B: ${LONG}"]`).count()) === 1, 'B is the chosen result');
    assert.match(await stage.locator('.tag.left').innerText(), /^A: harbour-seed1-x4\.png$/);
    await against.selectOption({ label: 'Original' });
    await stage.locator('img[alt="Original"]').waitFor();

    // A failed comparison raises an error notice; it sits below the canvas, never over it.
    await compareFiles(page, photo!, join(dir, 'missing-x4.png'), false);
    const notice = page.getByRole('status', { name: 'Notices' }).getByRole('group').first();
    await notice.waitFor();
    const noticeBox = (await notice.boundingBox())!;
    const stageBox = (await stage.boundingBox())!;
    assert.ok(noticeBox.y >= stageBox.y + stageBox.height, 'the notice is below the compare canvas');
    assert.deepEqual(app.errors, []);
  } finally {
    await page.close();
  }
});
