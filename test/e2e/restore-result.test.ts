// When a restore finishes, the Restore view shows the file that was written (through
// the host's token-protected /image endpoint), labelled as the final result, not the last coarse preview;
// the previews stay as history. Debian's Chromium against the real web host with the tiny fixture pack.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeForBrowser } from '../../electron/app/browser-image.ts';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { decodePng, meanDiff } from './pixels.ts';
import { writePhotos } from './photos.ts';
import { useTinyPack } from './web-host-process.ts';

const session = browserSession('result', (host) => useTinyPack(host));
const { root } = session;

test('Restore: once done, the view shows the written output as the final result, previews as history', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    const [photo] = await writePhotos(root, [{ name: 'lighthouse.jpg', width: 120, height: 90 }]);
    const output = join(root, 'lighthouse-dvar-x4.png');
    await page.keyboard.press('2');
    const main = page.getByRole('main');
    await main.getByLabel('Photo to restore').fill(photo!);
    await main.getByRole('button', { name: 'Restore', exact: true }).click();

    const panel = page.getByTestId('restore-output-panel');
    await page.locator('[role="status"][data-phase="done"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="restore-output-panel"][data-showing="result"]').waitFor({ timeout: 10_000 });
    assert.ok(existsSync(output), `${output} was written`);
    assert.match(await page.getByTestId('restore-output-caption').innerText(), /Final result — the file written: lighthouse-dvar-x4\.png · 480×360/);
    assert.match(await page.locator('p.state[role="status"]').innerText(), /showing the final result/);

    // The image is the output file, served by the host's /image endpoint with the session token...
    const result = page.getByTestId('restore-result');
    const src = new URL((await result.getAttribute('src'))!, session.host().url);
    assert.equal(src.pathname, '/image');
    assert.equal(src.searchParams.get('path'), output);
    assert.ok(src.searchParams.get('token'), 'the URL carries the session token');
    assert.equal(await result.isVisible(), true);

    // ...and what the page shows is that file's pixels at full size (a preview is ≤ 128 px and coarse).
    const shown = await result.evaluate((el) => {
      const img = el as HTMLImageElement;
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      canvas.getContext('2d')!.drawImage(img, 0, 0);
      return canvas.toDataURL('image/png');
    });
    const displayed = await decodePng(Buffer.from(shown.split(',')[1]!, 'base64'));
    const expected = await decodePng(await encodeForBrowser(output));
    assert.deepEqual([displayed.width, displayed.height], [480, 360]);
    const diff = meanDiff(displayed, expected, 0, 480, 0, 360);
    assert.ok(diff < 1, `the displayed image is the output file's pixels (mean difference ${diff.toFixed(3)})`);

    // The original beside it (a typed path is servable only once restore:start has probed it).
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('img[alt="Original"]')?.naturalWidth ?? 0) > 0, null, { timeout: 10_000 });

    // The previews stay available: the film strip as history, the last whole-photo preview one click away.
    const scales = Number((await page.getByTestId('scale').textContent())!.split('/')[1]);
    assert.equal(await page.locator('ol.strip img').count(), scales, 'one preview frame per scale');
    await panel.getByRole('button', { name: 'Show the last preview' }).click();
    assert.equal(await panel.getAttribute('data-showing'), 'preview');
    assert.equal(await result.isVisible(), false, 'the result is hidden while the preview is shown');
    assert.match(await page.getByTestId('restore-output-caption').innerText(), /^Preview \(the last one, coarser than the result\)/);
    await panel.getByRole('button', { name: 'Show the final result' }).click();
    assert.equal(await panel.getAttribute('data-showing'), 'result');
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    await page.close();
  }
});
