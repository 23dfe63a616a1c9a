// The photographer's Restore view: presets and sliders (model knobs under a collapsed
// "Advanced"), output size by long edge, plain-words progress with tokens/entropy under details, the
// detail-confidence overlay, and a preview region restored beside the original crop. At 1024×700 with
// no horizontal scroll. Debian's Chromium against the real web host with the tiny fixture pack.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { useTinyPack } from './web-host-process.ts';

const session = browserSession('photographer', (host) => useTinyPack(host));

test('Restore: presets, long edge, details, confidence overlay and a preview region, at 1024×700', { skip }, async () => {
  const app = await openApp(session.browser(), session.host(), { width: 1024, height: 700 });
  const { page } = app;
  try {
    const [photo] = await writePhotos(session.root, [{ name: 'harbour.jpg', width: 120, height: 90 }]);
    await page.keyboard.press('2');
    const main = page.getByRole('main');
    await main.getByLabel('Photo to restore').fill(photo!);

    // Photographer controls up front, model knobs collapsed. Crisp goes past 100 % of the model's detail.
    const detail = main.getByLabel('Fidelity ↔ Detail');
    await main.getByRole('radio', { name: 'Crisp' }).click();
    assert.equal(await detail.inputValue(), '150');
    assert.equal(await detail.getAttribute('aria-valuetext'), "150 %: the model's detail, sharpened");
    await main.getByRole('radio', { name: 'Natural' }).click();
    assert.equal(await main.getByRole('radio', { name: 'Natural' }).getAttribute('aria-checked'), 'true');
    assert.equal(await detail.inputValue(), '50');
    assert.equal(await detail.getAttribute('aria-valuetext'), "50 % of the model's detail");
    assert.equal(await main.getByLabel('Seed').isVisible(), false, 'seed is under the collapsed Advanced');
    await main.getByLabel('Output size').selectOption('longEdge');
    await main.getByLabel('Long edge (px)').fill('300');
    await main.getByLabel('Long edge (px)').press('Tab');
    await main.getByRole('button', { name: 'Restore', exact: true }).click();

    await page.locator('[role="status"][data-phase="done"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="restore-output-panel"][data-showing="result"]').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('restore-output-caption').innerText(), /· 300×225/);

    // Tokens and entropy only under the details disclosure.
    const details = main.locator('details.model-details');
    assert.equal(await details.getByText('Entropy').isVisible(), false);
    await details.locator('summary').click();
    assert.match(await details.innerText(), /Entropy\s+\d+\.\d\d nats/i);

    // The confidence overlay toggles over the result.
    await main.getByLabel('Detail confidence').check();
    const overlay = page.getByTestId('confidence-overlay');
    assert.equal(await overlay.isVisible(), true);
    assert.match((await overlay.getAttribute('src'))!, /^data:image\/png;base64,/);
    await main.getByLabel('Detail confidence').uncheck();
    assert.equal(await overlay.count(), 0);

    // A preview region: click the original, restore only that crop, see it beside the original crop.
    const original = main.getByRole('img', { name: 'Original', exact: true });
    const box = (await original.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.4);
    await page.getByTestId('picked-region').waitFor();
    await main.getByRole('button', { name: 'Preview region' }).click();
    await page.locator('[role="status"][data-phase="done"], [role="status"][data-phase="failed"]').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('p.state[role="status"]').getAttribute('data-phase'), 'done', await page.locator('p.state[role="status"]').innerText());
    await page.getByTestId('original-crop').waitFor();
    await page.locator('[data-testid="restore-output-panel"][data-showing="result"]').waitFor({ timeout: 10_000 });
    // A 64 px square region at the factor (a long edge sizes the whole photo, not a crop).
    assert.match(await page.getByTestId('restore-output-caption').innerText(), /Region result .* 256×256/);
    assert.match(await main.getByText(/^Original crop · 64×64 at/).innerText(), /64×64/);
    assert.match(
      await page.locator('p.state[role="status"]').innerText(),
      /Region restored in .* at ×4.*The long edge of 300 px applies to the whole photo, not to a region\./,
    );
    assert.ok(await main.getByRole('button', { name: 'Restore whole photo' }).isVisible());

    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(scroll, 0, 'no horizontal scroll at 1024×700');

    // The controls belong to this photo; "Use as default" makes them the next default, also after a reload.
    await main.getByTestId('use-as-default').click();
    await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('[data-testid="use-as-default"]')?.disabled === true);
    await page.reload();
    await page.keyboard.press('2');
    assert.equal(await main.getByRole('radio', { name: 'Natural' }).getAttribute('aria-checked'), 'true');
    assert.equal(await main.getByLabel('Output size').inputValue(), 'longEdge');
    assert.equal(await main.getByLabel('Long edge (px)').inputValue(), '300');
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    await page.close();
  }
});
