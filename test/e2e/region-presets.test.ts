// A preview before committing: a photo opened from Files with "Preview" shows a region on the original
// at once, with nothing restored; the region moves and resizes by mouse and keyboard; "Compare
// presets" restores it with every preset side by side at 1:1 beside the original enlarged the same way,
// the views pan together, and "Use Natural" makes that look the photo's setting. Preview jobs never
// count as the photo's result. Debian's Chromium against the real web host with the tiny fixture pack.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { useTinyPack } from './web-host-process.ts';

const session = browserSession('region-presets', (host) => useTinyPack(host));

/** The region as the picker's label states it, in photo pixels. */
async function regionOf(page: import('playwright-core').Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const label = (await page.getByTestId('picked-region').getAttribute('aria-label'))!;
  const [, width, height, x, y] = /(\d+)×(\d+) at \((\d+), (\d+)\)/.exec(label)!.map(Number);
  return { x: x!, y: y!, width: width!, height: height! };
}

test('Preview: a movable, resizable region from the start, every preset on it at 1:1, one click to use one', { skip }, async () => {
  const app = await openApp(session.browser(), session.host(), { width: 1440, height: 900 });
  const { page } = app;
  try {
    const [photo] = await writePhotos(session.root, [{ name: 'meadow.jpg', width: 320, height: 240 }]);
    const main = page.getByRole('main');
    await main.getByLabel('Open photos or folders').fill(photo!);
    await main.getByRole('button', { name: 'Open', exact: true }).click();
    await main.getByRole('button', { name: 'Preview meadow.jpg' }).click();

    // From the first moment: the region lies in the middle of the original and nothing runs.
    const region = page.getByTestId('picked-region');
    await region.waitFor();
    assert.deepEqual(await regionOf(page), { x: 128, y: 88, width: 64, height: 64 });
    assert.equal(await page.locator('p.state[role="status"]').getAttribute('data-phase'), 'idle');
    assert.match(await page.getByTestId('restore-output-caption').innerText(), /^Not restored yet/);

    // Dragged by mouse: moves by as many photo pixels as the screen distance stands for.
    const frame = (await page.locator('.pickable').boundingBox())!;
    const perScreen = 320 / frame.width;
    let box = (await region.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 50, box.y + box.height / 2 + 20, { steps: 5 });
    await page.mouse.up();
    let moved = await regionOf(page);
    assert.ok(Math.abs(moved.x - (128 + 50 * perScreen)) <= 1 && Math.abs(moved.y - (88 + 20 * perScreen)) <= 1, JSON.stringify(moved));
    // Resized from its bottom-right corner; the top-left corner stays.
    box = (await page.getByTestId('region-handle-se').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 40, { steps: 5 });
    await page.mouse.up();
    const resized = await regionOf(page);
    assert.deepEqual([resized.x, resized.y], [moved.x, moved.y]);
    assert.ok(Math.abs(resized.width - (64 + 40 * perScreen)) <= 1, JSON.stringify(resized));
    // And by keyboard: arrows move it, Shift + arrows resize it.
    await region.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowUp');
    moved = await regionOf(page);
    assert.deepEqual(moved, { ...resized, x: resized.x - 8, height: resized.height - 16 });

    // Every preset on the region, side by side.
    await main.getByRole('radio', { name: 'Detailed' }).click();
    await main.getByRole('button', { name: 'Try presets' }).click();
    const trials = page.getByTestId('trial');
    await page.waitForFunction(
      () => {
        const all = [...document.querySelectorAll('[data-testid="trial"]')];
        return all.length === 4 && all.every((t) => t.getAttribute('data-phase') === 'done' && t.querySelector('img')?.complete);
      },
      undefined,
      { timeout: 60_000 },
    );
    assert.deepEqual(await trials.evaluateAll((els) => els.map((el) => el.getAttribute('data-name'))), ['Natural', 'Balanced', 'Detailed', 'Crisp']);
    // At 1:1: each result is the region ×4 and drawn one image pixel per screen pixel.
    const sizes = await trials
      .locator('img')
      .evaluateAll((imgs) =>
        (imgs as HTMLImageElement[]).map((img) => [img.naturalWidth, img.naturalHeight, Math.round(img.getBoundingClientRect().width * devicePixelRatio)]),
      );
    for (const [w, h, drawn] of sizes) assert.deepEqual([w, h, drawn], [moved.width * 4, moved.height * 4, moved.width * 4]);
    const enlarged = page.getByRole('img', { name: 'Original region, enlarged ×4' });
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('img.whole')?.complete === true);
    assert.ok(await enlarged.isVisible());
    assert.equal(await trials.filter({ has: page.getByRole('button', { name: 'In use' }) }).getAttribute('data-name'), 'Detailed');

    // Panning one view pans them all (the region ×4 is wider than a view: there is room to pan sideways).
    const views = page.locator('[data-testid="preset-compare"] .view');
    await views.nth(2).evaluate((view) => (view.scrollLeft = 37));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="preset-compare"] .view')].every((v) => v.scrollLeft === 37));

    // One click: Natural becomes this photo's setting.
    await main.getByRole('button', { name: 'Use Natural' }).click();
    assert.equal(await main.getByRole('radio', { name: 'Natural' }).getAttribute('aria-checked'), 'true');
    assert.equal(await trials.filter({ has: page.getByRole('button', { name: 'In use' }) }).getAttribute('data-name'), 'Natural');

    // The previews are not the photo's result: its card in Files is as it was.
    await page.keyboard.press('1');
    const card = page.locator('li.card').first();
    assert.equal(await card.getAttribute('data-status'), 'idle');
    assert.equal(await card.getByRole('button', { name: 'Compare' }).count(), 0);
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    await page.close();
  }
});
