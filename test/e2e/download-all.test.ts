// Taking a whole batch away, in Chromium through the web host with the tiny fixture pack: Download all
// in the Batch view gives one zip whose entries are exactly the finished results, byte for byte the
// files on disk, with two photos called the same in two subfolders kept apart; queue rows and Files
// cards show the result's thumbnail beside the photo's once (and only once) a result exists, made by
// the host into its data folder, never beside the photos; and both say which folder the result went to.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import type { Locator } from 'playwright-core';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';
import { PYTHON, readZip } from '../helpers/read-zip.ts';

const session = browserSession('download-all', (host) => useTinyPack(host));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Waits for the image to have loaded through the host, and gives its address and pixel width. */
async function loaded(image: Locator): Promise<{ src: string; width: number }> {
  await image.waitFor();
  await image.evaluate((img: HTMLImageElement) => (img.complete ? undefined : new Promise((done) => img.addEventListener('load', done, { once: true }))));
  return image.evaluate((img: HTMLImageElement) => ({ src: img.getAttribute('src') ?? '', width: img.naturalWidth }));
}

test(
  'Download all gives the finished results as one zip; rows and cards show before and after, and the result’s folder',
  { skip: skip || (!PYTHON && 'No Python to read the zip with.') },
  async () => {
    const trip = join(session.root, 'trip');
    const out = join(session.root, 'out');
    mkdirSync(join(trip, '2019'), { recursive: true });
    mkdirSync(join(trip, '2020'), { recursive: true });
    const [pier2019] = await writePhotos(join(trip, '2019'), [{ name: 'pier.jpg', width: 40, height: 30 }]);
    const [pier2020] = await writePhotos(join(trip, '2020'), [{ name: 'pier.jpg', width: 36, height: 28 }]);
    const [gull] = await writePhotos(trip, [{ name: 'gull.jpg', width: 32, height: 24 }]);
    const [later] = await writePhotos(session.root, [{ name: 'later.jpg', width: 24, height: 18 }]);
    const finished = [pier2019!, pier2020!, gull!];
    const api = connectApi(session.host());
    const app = await openApp(session.browser(), session.host());
    const { page } = app;
    try {
      await api.invoke('settings:set', { outputDir: out, recursive: true });
      // The photos open in Files (the later one too), and the folder is queued with its subfolders.
      await page.keyboard.press('1');
      const files = page.getByRole('main', { name: 'Files' });
      const card = (path: string) => files.locator(`li.card[data-path="${path}"]`);
      for (const path of [trip, later!]) {
        await files.getByLabel('Open photos or folders').fill(path);
        await files.getByRole('button', { name: 'Open', exact: true }).click();
        await card(path === trip ? gull! : later!).waitFor();
      }
      await page.keyboard.press('4');
      const batch = page.getByRole('main', { name: 'Batch' });
      await batch.getByLabel(/Add photos or folders to the queue/).fill(trip);
      await batch.getByRole('button', { name: 'Add', exact: true }).click();
      const row = (path: string) => batch.locator(`tr.item[data-input="${path}"]`);
      await row(gull!).waitFor();

      // Before any result: the photos' thumbnails, none of a result, nothing to download.
      for (const path of finished) await loaded(row(path).getByTestId('row-photo-thumb'));
      assert.equal(await batch.getByTestId('row-result-thumb').count(), 0);
      const downloadAll = batch.getByRole('button', { name: /^Download all/ });
      assert.equal(await downloadAll.isDisabled(), true, 'nothing finished yet');

      await batch.getByRole('button', { name: 'Start' }).click();
      await batch.getByTestId('batch-ended').waitFor({ timeout: 90_000 });
      // One more photo waits, never started: it has no result, so no result thumbnail and no place in the zip.
      await api.invoke('queue:add', { paths: [later!], recursive: false });
      await row(later!).waitFor();
      assert.equal(await row(later!).getAttribute('data-status'), 'pending');

      // Each finished row: the result's thumbnail beside the photo's, small and from the host's cache, and its folder.
      const outputs: string[] = [];
      for (const path of finished) {
        assert.equal(await row(path).getAttribute('data-status'), 'done', path);
        const thumb = await loaded(row(path).getByTestId('row-result-thumb'));
        assert.match(thumb.src, /^\/thumb\?file=[0-9a-f]{32}\.webp&token=/);
        assert.ok(thumb.width > 0 && thumb.width <= 80, `a small thumbnail (${thumb.width} px)`);
        outputs.push((await row(path).locator('td.output').getAttribute('title'))!);
      }
      await loaded(row(later!).getByTestId('row-photo-thumb'));
      assert.equal(await row(later!).getByTestId('row-result-thumb').count(), 0, 'no result, no result thumbnail');
      assert.deepEqual(
        outputs.map((output) => relative(out, output)),
        [join('2019', 'pier-dvar-x4.png'), join('2020', 'pier-dvar-x4.png'), 'gull-dvar-x4.png'],
      );
      assert.deepEqual(await Promise.all(finished.map((path) => row(path).getByTestId('row-folder').innerText())), [
        'in 2019',
        'in 2020',
        'in the output folder',
      ]);

      // Download all: exactly the finished results, byte for byte, the two piers apart.
      assert.equal(await downloadAll.innerText(), 'Download all (3)');
      const saved = page.waitForEvent('download');
      await downloadAll.click();
      const download = await saved;
      assert.match(download.suggestedFilename(), /^dvar-results-\d{4}-\d\d-\d\d\.zip$/);
      const entries = readZip(await download.path());
      assert.deepEqual(
        entries.map((e) => e.name),
        ['2019/pier-dvar-x4.png', '2020/pier-dvar-x4.png', 'gull-dvar-x4.png'],
      );
      assert.deepEqual(
        entries.map((e) => e.sha256),
        outputs.map((output) => sha256(readFileSync(output))),
      );

      // Files: the finished photos' cards show before and after and where the result went; the waiting one neither.
      await page.keyboard.press('1');
      for (const [i, path] of finished.entries()) {
        const after = await loaded(card(path).getByTestId('card-result-thumb'));
        assert.match(after.src, /^\/thumb\?file=[0-9a-f]{32}\.webp&token=/);
        assert.equal(await card(path).getByTestId('card-result-folder').innerText(), `Result in ${['2019', '2020', 'the output folder'][i]}`);
      }
      assert.equal(await card(later!).getByTestId('card-result-thumb').count(), 0);
      assert.equal(await card(later!).getByTestId('card-result-folder').count(), 0);

      // Thumbnails live in the host's data folder; beside the photos and results there are only those.
      const beside = readdirSync(session.root, { recursive: true, encoding: 'utf8' }).filter((name) => !name.startsWith('data'));
      assert.deepEqual(
        beside.filter((name) => name.endsWith('.webp')),
        [],
      );
      assert.ok(readdirSync(join(session.root, 'data', 'thumbnails')).some((name) => name.endsWith('.webp')));
      assert.deepEqual(app.errors, []);
    } finally {
      api.close();
      await page.close();
    }
  },
);
