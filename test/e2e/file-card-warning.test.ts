// A photo of several frames opens like any other, and its card says that only the first frame is
// restored (the host's files:add warning, electron/image-files/extra-frames.ts); a single still has no
// such line. A JPEG cut short is not listed at all: the notice names it in one sentence.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { openApp } from './app-page.ts';
import { browserSession, skip } from './browser-session.ts';
import { writePhotos } from './photos.ts';

const session = browserSession('card-warning');

test('an animated GIF is listed with a warning on its card; a truncated JPEG is named and not listed', { skip }, async () => {
  const dir = join(session.root, 'frames');
  mkdirSync(dir, { recursive: true });
  await writePhotos(dir, [{ name: 'still.jpg', width: 40, height: 30 }]);
  // Noise, so that half the file is well into the compressed image, past the header.
  const cut = join(dir, 'cut.jpg');
  const noise = Buffer.from(Array.from({ length: 64 * 48 * 3 }, (_, i) => (i * 7919 + ((i * i) >> 3)) & 255));
  await sharp(noise, { raw: { width: 64, height: 48, channels: 3 } })
    .jpeg()
    .toFile(cut);
  truncateSync(cut, readFileSync(cut).length >> 1);
  // Three 20×12 frames of different grays (identical frames would be merged into one by the encoder).
  const frames = Buffer.concat([40, 120, 200].map((gray) => Buffer.alloc(20 * 12 * 3, gray)));
  await sharp(frames, { raw: { width: 20, height: 36, channels: 3, pageHeight: 12 } })
    .gif()
    .toFile(join(dir, 'anim.gif'));
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  try {
    const main = page.getByRole('main');
    await main.getByLabel('Open photos or folders').fill(dir);
    await main.getByRole('button', { name: 'Open', exact: true }).click();
    const cards = main.locator('li.card');
    await cards.nth(1).waitFor();
    const names = await cards.locator('.name').allInnerTexts();
    assert.deepEqual(names.sort(), ['anim.gif', 'still.jpg']);
    const gifCard = cards.filter({ hasText: 'anim.gif' });
    assert.equal(await gifCard.getByTestId('card-warning').innerText(), 'anim.gif is an animation of 3 frames; only the first frame is restored.');
    assert.equal(await cards.filter({ hasText: 'still.jpg' }).getByTestId('card-warning').count(), 0);
    await page.getByText(`${cut} is damaged or truncated (its JPEG data ends early), so it cannot be restored.`).waitFor();
    assert.deepEqual(app.errors, []);
  } finally {
    await page.close();
  }
});
