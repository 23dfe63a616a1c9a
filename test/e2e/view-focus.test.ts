// Issue 10, defect 13: switching views from a control inside a view (which goes away with the view)
// leaves keyboard focus at the top of the new view, not on <body>; a clicked nav button keeps it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { openApp } from './app-page.ts';
import { CHROMIUM, ensureRendererBuilt, launchChromium } from './browser.ts';
import { startHost, type HostProcess } from './web-host-process.ts';

const skip = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}; skipping the browser tests.`;
if (skip) console.log(`# ${skip}`);

const root = mkdtempSync(join(tmpdir(), 'dvar-e2e-focus-'));
let browser: Browser | undefined;
let host: HostProcess | undefined;

before(async () => {
  if (skip) return;
  ensureRendererBuilt();
  browser = await launchChromium();
  host = await startHost(join(root, 'data'));
});

after(async () => {
  await browser?.close();
  await host?.stop();
  rmSync(root, { recursive: true, force: true });
});

const focused = () => document.activeElement?.id || document.activeElement?.tagName || null;

test('a view switch keeps focus in the app', { skip }, async () => {
  const app = await openApp(browser!, host!);
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
