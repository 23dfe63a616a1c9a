// Switching views from a control inside a view (which goes away with the view)
// leaves keyboard focus at the top of the new view, not on <body>; a clicked nav button keeps it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';

const session = browserSession('focus');

const focused = () => document.activeElement?.id || document.activeElement?.tagName || null;

test('a view switch keeps focus in the app', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    const nav = page.getByRole('navigation', { name: 'Views' });
    await nav.getByRole('button', { name: /Restore/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim().startsWith('Restore')), true, 'the clicked nav button keeps focus');

    // The empty Restore view's link to Files is removed with the view it sits in.
    const link = page.getByRole('main').getByRole('button', { name: 'Files', exact: true });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('main', { name: 'Files' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'main', null, { timeout: 5_000 });
    assert.equal(await page.evaluate(focused), 'main', 'focus lands on the new view, not <body>');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.getElementById('main')!.contains(document.activeElement)), true, 'Tab goes on inside the view');
    assert.deepEqual(app.errors, []);
  } finally {
    await page.close();
  }
});
