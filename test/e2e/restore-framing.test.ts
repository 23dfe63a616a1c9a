// The Restore view frames the original as the result is framed: the whole photo fits its pane (no
// strip cut off, so every part of it can be picked as a preview region), and a region's result is
// shown whole, over exactly the place of the original crop beside it. At 1440×900 with a 3:2 photo.
// Debian's Chromium against the real web host with the tiny fixture pack.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { useTinyPack } from './web-host-process.ts';

const session = browserSession('framing', (host) => useTinyPack(host));

type Box = { left: number; top: number; right: number; bottom: number };

/** Where an element is drawn; for an <img>, where its picture is (object-fit: contain letterboxes it). */
async function drawn(page: Page, selector: string): Promise<Box> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    if (!(el instanceof HTMLImageElement) || getComputedStyle(el).objectFit !== 'contain') return box;
    const shown = Math.min(r.width / el.naturalWidth, r.height / el.naturalHeight);
    const [w, h] = [el.naturalWidth * shown, el.naturalHeight * shown];
    return { left: r.left + (r.width - w) / 2, top: r.top + (r.height - h) / 2, right: r.left + (r.width + w) / 2, bottom: r.top + (r.height + h) / 2 };
  });
}

function assertInside(inner: Box, outer: Box, what: string): void {
  const ok = inner.left >= outer.left - 0.5 && inner.top >= outer.top - 0.5 && inner.right <= outer.right + 0.5 && inner.bottom <= outer.bottom + 0.5;
  assert.ok(ok, `${what} ${JSON.stringify(inner)} lies inside its frame ${JSON.stringify(outer)}`);
}

test('Restore: the original fits its pane, its right edge can be picked, the region result lies over the original crop', { skip }, async () => {
  const app = await openApp(session.browser(), session.host(), { width: 1440, height: 900 });
  const { page } = app;
  try {
    const [photo] = await writePhotos(session.root, [{ name: 'wide.jpg', width: 300, height: 200 }]);
    await page.keyboard.press('2');
    const main = page.getByRole('main');
    await main.getByLabel('Photo to restore').fill(photo!);
    await main.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.locator('p.state[data-phase="done"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('img[alt="Original"]')?.naturalWidth ?? 0) > 0);

    const frames = page.locator('.photo-frame');
    const originalFrame = await drawn(page, '.panels figure:first-child .photo-frame');
    const original = await page.locator('img[alt="Original"]').boundingBox();
    assert.ok(original);
    assertInside(
      { left: original.x, top: original.y, right: original.x + original.width, bottom: original.y + original.height },
      originalFrame,
      'the original',
    );
    assert.ok(Math.abs(original.width / original.height - 1.5) < 0.01, `the original keeps its 3:2 shape (${original.width}×${original.height})`);
    assert.equal(await frames.count(), 2);

    // The photo's right edge is on screen and can be picked: the region reaches the last column.
    await page.mouse.click(original.x + original.width - 2, original.y + original.height / 2);
    await page.getByTestId('picked-region').waitFor();
    assertInside(await drawn(page, '[data-testid="picked-region"]'), originalFrame, 'the picked region');
    await main.getByRole('button', { name: 'Preview region' }).click();
    await page.locator('p.state[data-phase="done"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="restore-output-panel"][data-showing="result"]').waitFor({ timeout: 10_000 });
    assert.match(await main.getByText(/^Original crop · /).innerText(), /^Original crop · 64×64 at \(236, \d+\)$/);

    // The region result is shown whole and lies where the original crop lies in its own pane (the
    // panes are measured again: the sentences above them change with the run).
    const cropFrame = await drawn(page, '.panels figure:first-child .photo-frame');
    const crop = await drawn(page, '[data-testid="original-crop"]');
    const resultFrame = await drawn(page, '[data-testid="restore-output-panel"] .photo-frame');
    const result = await drawn(page, '[data-testid="restore-result"]');
    assertInside(crop, cropFrame, 'the original crop');
    assertInside(result, resultFrame, 'the region result');
    const offsets = [
      result.left - resultFrame.left - (crop.left - cropFrame.left),
      result.top - resultFrame.top - (crop.top - cropFrame.top),
      result.right - result.left - (crop.right - crop.left),
      result.bottom - result.top - (crop.bottom - crop.top),
    ];
    assert.ok(
      offsets.every((d) => Math.abs(d) <= 1),
      `the region result lines up with the original crop (differences ${offsets.map((d) => d.toFixed(1)).join(', ')} px)`,
    );
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    await page.close();
  }
});
