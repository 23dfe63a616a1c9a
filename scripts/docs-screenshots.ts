// Screenshots of the real app for the README: the web host with a model pack, a real photo
// downscaled to 400 px, every preset on a preview region (presets.png), the Restore view while previews
// stream in, and the Compare view.
//   node --import tsx scripts/docs-screenshots.ts [--pack DIR] [--photo FILE] [--degrade] [--out DIR] [--fidelity wavelet|adain|off] [--only presets]
// --degrade: the photo as an old web photo first (1600 px wide, blurred σ 1.2, reduced to 400 px, JPEG at
// quality 35), which is how the README's screenshots were made.
// Defaults: the tiny random-weight fixture pack (so the "restored" texture is noise from random
// weights, not what a trained pack produces; the wavelet fidelity guard keeps the photo's colours
// and shapes under it) and a CC-BY-4.0 photo from models/data/photos (Aitzol Berasategi, 2018).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { TINY_PACK, REPO_ROOT } from '../test/helpers/fixtures.ts';
import { ensureRendererBuilt, launchChromium } from '../test/e2e/browser.ts';
import { connectApi, startHost } from '../test/e2e/web-host-process.ts';

const { values } = parseArgs({
  options: {
    pack: { type: 'string', default: TINY_PACK },
    photo: { type: 'string', default: join(REPO_ROOT, 'models', 'data', 'photos', 'picosdeeuropa_by_Aitzol_Berasategi.jpg') },
    out: { type: 'string', default: join(REPO_ROOT, 'docs', 'screenshots') },
    fidelity: { type: 'string', default: 'wavelet' },
    // presets: only presets.png (the other screenshots stay as they are)
    only: { type: 'string' },
    degrade: { type: 'boolean', default: false },
  },
});

const work = mkdtempSync(join(tmpdir(), 'dvar-shots-'));
const photo = join(work, 'picos-de-europa.png');
// At most 400 px wide (a real-degraded photo that size is kept as it is, losslessly).
const source = values.degrade
  ? await sharp(resolve(values.photo)).rotate().resize({ width: 1600 }).blur(1.2).resize({ width: 400 }).jpeg({ quality: 35 }).toBuffer()
  : resolve(values.photo);
await sharp(source).rotate().resize({ width: 400, withoutEnlargement: true }).withIccProfile('srgb').png().toFile(photo);
mkdirSync(values.out, { recursive: true });
ensureRendererBuilt();

const host = await startHost(join(work, 'data'));
const browser = await launchChromium();
try {
  const api = connectApi(host);
  await api.invoke('packs:import', { dir: resolve(values.pack) });
  const { restore } = await api.invoke('settings:get', {});
  const fidelityGuard = values.fidelity as 'wavelet' | 'adain' | 'off';
  await api.invoke('settings:set', {
    packDir: resolve(values.pack),
    threads: 2,
    theme: 'dark',
    outputDir: join(work, 'out'),
    restore: { ...restore, fidelityGuard },
  });
  api.close();

  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(host.url);
  await page.getByRole('main').getByLabel('Open photos or folders').fill(photo);
  await page.getByRole('main').getByRole('button', { name: 'Open', exact: true }).click();
  await page.locator('ul.grid img').first().waitFor();
  const notices = page.getByRole('status', { name: 'Notices' }).getByRole('button', { name: 'Dismiss' });
  if (await notices.count()) await notices.first().click(); // the "Added 1 photo" notice

  // Before restoring: the region in the middle, tried with every preset, side by side at 1:1.
  await page.getByRole('button', { name: /^Preview picos-de-europa/ }).click();
  await page.getByTestId('picked-region').waitFor();
  await page.getByRole('button', { name: 'Try presets' }).click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="trial"]')].every((t) => t.getAttribute('data-phase') === 'done' && t.querySelector('img')?.complete),
    null,
    { timeout: 120_000 },
  );
  await page.waitForFunction(() => document.querySelector<HTMLImageElement>('img.whole')?.complete === true);
  await page.getByTestId('preset-compare').screenshot({ path: join(values.out, 'presets.png') });
  const shots = values.only === 'presets' ? ['presets'] : ['presets', 'restore', 'compare', 'compare-side-by-side'];
  if (values.only !== 'presets') await takeRestoreShots(page);
  for (const name of shots) {
    const file = join(values.out, `${name}.png`);
    const png = await sharp(file).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
    writeFileSync(file, png);
  }
  console.log(`Screenshots written to ${values.out}`);
} finally {
  await browser.close();
  await host.stop();
  rmSync(work, { recursive: true, force: true });
}

/** The Restore view mid-run, then the Compare view as a slider and side by side at 1:1. */
async function takeRestoreShots(page: Page): Promise<void> {
  await page.keyboard.press('1');
  await page.getByRole('button', { name: /^Restore picos-de-europa/ }).click(); // a thumbnail selects; this starts

  // Mid-run: the film strip half filled, the preview at a middle scale.
  await page.waitForFunction(
    () => {
      const [k, of] = (document.querySelector('[data-testid="scale"]')?.textContent ?? '').split('/').map(Number);
      const done = document.querySelector('[role="status"][data-phase="done"]');
      return done !== null || (k !== undefined && of !== undefined && k >= Math.ceil(of * 0.6));
    },
    null,
    { timeout: 120_000, polling: 50 },
  );
  await page.screenshot({ path: join(values.out, 'restore.png') });
  await page.locator('[role="status"][data-phase="done"]').waitFor({ timeout: 120_000 });

  await page.keyboard.press('c');
  await page.getByTestId('compare-sizes').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(values.out, 'compare.png') });

  await page.keyboard.press('m'); // side by side at 1:1 pixels around the centre
  await page.keyboard.press('z');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(values.out, 'compare-side-by-side.png') });
}
