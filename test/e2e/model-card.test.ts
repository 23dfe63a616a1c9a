// The model card in Settings, through the web host in Chromium. A list item continued on
// the next line is one item, snake_case names keep their underscores, raw HTML shows as text and
// creates no element, and a javascript: link is neither an element nor followed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { e2eViewport, openApp, SMALLEST_WINDOW } from './app-page.ts';
import { skip } from './browser-session.ts';
import { bundledPackSession } from './bundled-pack-session.ts';

const CARD = [
  '# Default pack',
  '',
  '- Trained on the_div2k_set crops of 128 px, degraded with',
  '  blur, noise and JPEG (see `degrade_config`).',
  '- Evaluated on __real__ scans.',
  '',
  '<img src=x onerror="document.title=\'pwned\'"> <b>bold?</b>',
  '',
  '[home](https://example.org) [trap](javascript:document.title=1)',
  '',
].join('\n');

const session = bundledPackSession('e2e-model-card', (layout) => writeFileSync(join(layout.modelCardsDir, 'model-card-default.md'), CARD));

test('the model card renders CommonMark: whole list items, underscores kept, no HTML, no live links', { skip }, async () => {
  const { page, errors } = await openApp(session.browser(), session.web());
  try {
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Settings/ })
      .click();
    const card = page.getByRole('article', { name: 'Model card' });
    await card.getByRole('heading', { name: 'Default pack' }).waitFor();
    const items = await card.locator('li').allInnerTexts();
    assert.deepEqual(items, ['Trained on the_div2k_set crops of 128 px, degraded with blur, noise and JPEG (see degrade_config).', 'Evaluated on real scans.']);
    assert.equal(await card.locator('li strong').innerText(), 'real');
    const text = await card.innerText();
    assert.ok(text.includes('<img src=x onerror="document.title=\'pwned\'"> <b>bold?</b>'), 'raw HTML is shown as text');
    assert.equal(await card.locator('img, b, a, script').count(), 0, 'no element from the card’s HTML, no anchors');
    assert.equal(await card.locator('.link').count(), 1, 'only the https link is marked as a link');
    assert.equal(await card.locator('.link').getAttribute('title'), 'https://example.org');
    assert.notEqual(await page.title(), 'pwned');
    for (const viewport of [e2eViewport(), SMALLEST_WINDOW]) {
      await page.setViewportSize(viewport);
      const box = await card.boundingBox();
      assert.ok(box && box.x + box.width <= viewport.width, `the card fits a ${viewport.width} px window`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
