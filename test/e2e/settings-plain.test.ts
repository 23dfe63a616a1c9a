// Settings for every user: the model's sampling knobs (temperature, top-k, top-p, prompt, CFG) sit in a
// collapsed "Expert" section with what each does in plain words; the execution providers offered are
// the ones this computer has; importing a folder that holds no pack says what to import, not "choose a
// pack in Settings" while in Settings; and a reload keeps the Restore view's result. Debian's Chromium
// against the real web host (the tiny fixture pack for the restore).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { useTinyPack } from './web-host-process.ts';

const session = browserSession('settings-plain', (host) => useTinyPack(host));

test('Settings: sampling knobs under a collapsed Expert section in plain words; only this computer’s providers; import wording', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    await page.keyboard.press('5');
    const main = page.getByRole('main');
    await main.getByLabel('Seed').waitFor();
    for (const name of [/temperature/i, /top-k/i, /top-p/i, /prompt/i, /CFG/]) {
      assert.equal(await main.getByLabel(name).isVisible(), false, `${name} is hidden until Expert is opened`);
    }
    await main.getByText('Expert: how the model picks detail').click();
    assert.equal(await main.getByLabel('Randomness (temperature)').isVisible(), true);
    assert.equal(await main.getByLabel('Choices per step (top-k)').isVisible(), true);
    assert.match(await main.locator('details.expert').innerText(), /draw only from this many most likely choices; 0 allows all/);

    // This machine (Linux, no CUDA libraries) has no accelerator: none is offered.
    const provider = main.getByLabel('Execution provider');
    const options = await provider.locator('option').allInnerTexts();
    assert.deepEqual(options, ['Automatic (best available)', 'CPU only'], `offered: ${options.join(', ')}`);
    assert.match(await main.getByTestId('no-accelerator').innerText(), /no accelerator .* runs on the CPU/);

    // Importing a folder that is not there (a typo), while in Settings.
    const empty = join(session.root, 'pakcs', 'mine');
    const box = main.getByLabel('Import a pack folder');
    await box.fill(empty);
    await box.press('Enter');
    const notice = page.getByText(/No model pack was found at/);
    await notice.waitFor();
    const words = await notice.innerText();
    assert.doesNotMatch(words, /in Settings/, words);
    assert.match(words, /import the folder that holds the pack's manifest\.json/);
    assert.equal(await box.inputValue(), empty, 'the folder stays in the box to be corrected');
    assert.deepEqual(
      app.errors.filter((e) => !/Failed to load resource/.test(e)),
      [],
      'no errors in the page',
    );
  } finally {
    await page.close();
  }
});

test('Restore: a reload keeps the result shown, with the photo and its options', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    const [photo] = await writePhotos(session.root, [{ name: 'porch.jpg', width: 48, height: 36 }]);
    await page.keyboard.press('2');
    const main = page.getByRole('main');
    await main.getByLabel('Photo to restore').fill(photo!);
    await main.getByRole('radio', { name: 'Balanced' }).click();
    await main.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.locator('[data-testid="restore-output-panel"][data-showing="result"]').waitFor({ timeout: 60_000 });

    await page.reload();
    await page.locator('[data-testid="restore-output-panel"][data-showing="result"]').waitFor({ timeout: 15_000 });
    assert.match(await main.locator('h1').innerText(), /· porch\.jpg$/);
    assert.match(await page.getByTestId('restore-output-caption').innerText(), /Final result — the file written: porch-dvar-x4\.png · 192×144/);
    assert.equal(await main.getByRole('radio', { name: 'Balanced' }).getAttribute('aria-checked'), 'true', 'the photo keeps its options');
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('img[alt="Original"]')?.naturalWidth ?? 0) > 0, null, { timeout: 10_000 });
    assert.ok(await main.getByRole('button', { name: 'Compare' }).isVisible());
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    await page.close();
  }
});
