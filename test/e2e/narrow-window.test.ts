// At 1024×700 (the smallest window we support) and at 1440×900, no view scrolls sideways,
// with the content that widens views most: a restored photo with a long unicode name in Restore,
// Compare and the batch queue.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';

const LONG_NAME = `harbour at dawn, Île-de-Bréhat — ${'très longue légende '.repeat(6)}港の船.jpg`;

const session = browserSession('narrow', (host) => useTinyPack(host));

const VIEWS = ['Files', 'Restore', 'Compare', 'Batch', 'Settings'];
const SHOWS_NAME = ['Restore', 'Compare', 'Batch'];

for (const viewport of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  test(`no view scrolls sideways at ${viewport.width}×${viewport.height}`, { skip }, async () => {
    const app = await openApp(session.browser(), session.host(), viewport);
    const { page } = app;
    try {
      const [photo] = await writePhotos(session.root, [{ name: LONG_NAME, width: 64, height: 48 }]);
      // A finished single restore (Restore and Compare show it) and a queued batch row (Batch).
      await page.keyboard.press('2');
      const main = page.getByRole('main');
      await main.getByLabel('Photo to restore').fill(photo!);
      await main.getByRole('button', { name: 'Restore', exact: true }).click();
      await page.locator('[role="status"][data-phase="done"]').waitFor({ timeout: 60_000 });
      const api = connectApi(session.host());
      try {
        await api.invoke('queue:add', { paths: [photo!], recursive: false });
      } finally {
        api.close();
      }

      const nav = page.getByRole('navigation', { name: 'Views' });
      const overflow: string[] = [];
      for (const view of VIEWS) {
        await nav.getByRole('button', { name: new RegExp(`^${view}`) }).click();
        await page.getByRole('main', { name: view }).waitFor();
        const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        if (widths.scroll > widths.client) overflow.push(`${view}: ${widths.scroll} px of content in ${widths.client} px`);
        if (SHOWS_NAME.includes(view)) {
          // The long name is really on screen (as text or a picker's option), so the check means something.
          const named = await page.getByRole('main').evaluate((el) => el.innerHTML.includes('Île-de-Bréhat'));
          assert.ok(named, `${view} shows the photo's long name`);
        }
      }
      assert.deepEqual(overflow, [], 'views that scroll sideways');
      assert.deepEqual(app.errors, [], 'no errors in the page');
    } finally {
      await page.close();
    }
  });
}
