// Settings in Chromium against an in-process web host whose default pack has bundled packs beside it
// (test/app/bundled-pack-fixture.ts): both are listed as built in, the default credits its restorer,
// and choosing "fast" stores its name, which the host then restores with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESTORER } from '../app/bundled-pack-fixture.ts';
import { openApp } from './app-page.ts';
import { skip } from './browser-session.ts';
import { bundledPackSession } from './bundled-pack-session.ts';

const session = bundledPackSession('e2e-settings-packs');

test('Settings lists the bundled packs, credits the restorer, and chooses "fast" for the queue', { skip }, async () => {
  const { page, errors } = await openApp(session.browser(), session.web());
  try {
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Settings/ })
      .click();
    const group = page.getByRole('radiogroup', { name: 'Model pack' });
    const packs = group.locator('label.pack');
    await packs.nth(1).waitFor();
    const texts = await packs.allInnerTexts();
    assert.equal(texts.length, 2);
    assert.match(texts[0]!, /^default\b[^]*built in/);
    assert.match(texts[1]!, /^fast\b[^]*built in/);
    assert.ok(texts[0]!.includes(`Includes ${RESTORER.name} — ${RESTORER.credit}, licence ${RESTORER.licence}`), texts[0]);
    assert.ok(!texts[1]!.includes('Includes'), 'fast has no restorer');
    assert.equal(await group.getByRole('radio').first().isChecked(), true);

    await group.getByRole('radio').nth(1).check();
    await page.waitForFunction(() => document.querySelector('label.pack.active')?.textContent?.trim().startsWith('fast'), null, { timeout: 10_000 });
    const settings = await session.web().host.handle('settings:get', {});
    assert.equal(settings.packDir, 'fast');
    assert.match(await page.getByRole('article', { name: 'Model card' }).innerText(), /Fast pack/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
