// End to end: the built renderer in Debian's Chromium, driving the real web host (a child process)
// with the tiny fixture pack. Files → thumbnails; Restore → per-scale previews; Compare → slider;
// Batch → outputs with metadata, an error row for a corrupt file, and a queue that survives a kill.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { openApp, type AppPage } from './app-page.ts';
import { CHROMIUM, ensureRendererBuilt, launchChromium } from './browser.ts';
import { decodePng, meanDiff } from './pixels.ts';
import { FIXTURE_COPYRIGHT, writeCorruptPhoto, writePhotos, type PhotoSpec } from './photos.ts';
import { startHost, useTinyPack, type HostProcess } from './web-host-process.ts';

const skip = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}; skipping the browser tests.`;
if (skip) console.log(`# ${skip}`);

const root = mkdtempSync(join(tmpdir(), 'dvar-e2e-'));
let browser: Browser | undefined;
const hosts = new Set<HostProcess>();

before(async () => {
  if (skip) return;
  ensureRendererBuilt();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all([...hosts].map((h) => h.stop()));
  rmSync(root, { recursive: true, force: true });
});

let folders = 0;
function freshDir(name: string): string {
  const dir = join(root, `${++folders}-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A host on a fresh data folder, using the tiny pack on one thread (this machine is shared). */
async function startConfiguredHost(dataDir = freshDir('data'), port = 0): Promise<HostProcess> {
  const host = await startHost(dataDir, port);
  hosts.add(host);
  host.child.once('exit', () => hosts.delete(host));
  if (port === 0) {
    await useTinyPack(host, { theme: 'dark' });
  }
  return host;
}

async function withApp(run: (app: AppPage, host: HostProcess) => Promise<void>): Promise<void> {
  const host = await startConfiguredHost();
  const app = await openApp(browser!, host);
  try {
    await run(app, host);
    assert.deepEqual(app.errors, [], 'no errors in the page');
  } finally {
    await app.page.close();
    await host.stop();
  }
}

const PHOTOS: PhotoSpec[] = [
  { name: 'harbour.jpg', width: 96, height: 64 },
  { name: 'meadow.png', width: 80, height: 80 },
  { name: 'portrait.jpg', width: 64, height: 96 },
];

async function photoFolder(specs = PHOTOS, corrupt = true): Promise<string> {
  const dir = freshDir('photos');
  await writePhotos(dir, specs);
  if (corrupt) writeCorruptPhoto(dir);
  return dir;
}

async function openPath(page: Page, label: string | RegExp, path: string, button: string): Promise<void> {
  const main = page.getByRole('main');
  await main.getByLabel(label).fill(path);
  await main.getByRole('button', { name: button, exact: true }).click();
}

async function restoreInUi(page: Page, path: string): Promise<void> {
  await page.keyboard.press('2');
  await openPath(page, 'Photo to restore', path, 'Restore');
  await page.locator('[role="status"][data-phase="done"]').waitFor({ timeout: 30_000 });
}

test('Files: opening a folder shows a thumbnail per photo and names the corrupt file', { skip }, () =>
  withApp(async ({ page }) => {
    const folder = await photoFolder();
    await openPath(page, 'Open photos or folders', folder, 'Open');
    const thumbnails = page.locator('ul.grid img');
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLImageElement>('ul.grid img')].filter((img) => img.complete && img.naturalWidth > 0).length === 3,
      null,
      { timeout: 15_000 },
    );
    assert.equal(await thumbnails.count(), 3);
    assert.deepEqual((await page.locator('ul.grid .name').allTextContents()).sort(), ['harbour.jpg', 'meadow.png', 'portrait.jpg']);
    assert.match(await page.getByRole('region', { name: 'Files that could not be opened' }).innerText(), /broken\.jpg/);
  }),
);

test('Restore: per-scale previews arrive live and every one is counted', { skip }, () =>
  withApp(async ({ page, progressFrames }) => {
    const [photo] = await writePhotos(freshDir('one'), [{ name: 'dune.jpg', width: 120, height: 90 }]);
    await restoreInUi(page, photo!);
    const counted = Number(await page.getByTestId('scale-events').textContent());
    assert.ok(counted >= 2, `several scale events, got ${counted}`);
    assert.equal(counted, progressFrames(), 'the UI counts every restore:progress event it received');
    const [k, scales] = (await page.getByTestId('scale').textContent())!.split('/').map((s) => Number(s.trim()));
    assert.equal(k, scales, 'the last event is the finest scale');
    assert.equal(await page.locator('ol.strip img').count(), scales, 'one preview frame per scale');
    // The live preview is the whole photo on one canvas: every per-scale preview is drawn into its
    // tile's rectangle as it arrives (drawing is asynchronous, so wait for the last one).
    const mosaic = page.getByTestId('live-mosaic');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="live-mosaic"]')?.getAttribute('data-updates')) === n, counted, {
      timeout: 10_000,
    });
    assert.ok(Number(await mosaic.getAttribute('data-tiles')) >= 1, 'every tile shows its preview');
    const canvas = await mosaic.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let min = 255;
      let max = 0;
      for (let i = 0; i < data.length; i += 4) {
        const luma = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
        min = Math.min(min, luma);
        max = Math.max(max, luma);
      }
      return { width: c.width, height: c.height, spread: max - min };
    });
    assert.deepEqual([canvas.width, canvas.height], [1024, 768], 'the photo (120×90) at its aspect ratio');
    assert.ok(canvas.spread > 20, `the canvas shows the photo, not a flat fill (spread ${canvas.spread})`);
  }),
);

test('Compare: the slider shows the original left of the divider and the result right of it', { skip }, () =>
  withApp(async ({ page }) => {
    const [photo] = await writePhotos(freshDir('one'), [{ name: 'bridge.jpg', width: 96, height: 72 }]);
    await restoreInUi(page, photo!);
    await page.keyboard.press('c');
    await page.getByTestId('compare-sizes').filter({ hasText: '96×72 → 384×288' }).waitFor();
    const stage = page.getByTestId('compare-stage');
    const handle = page.getByRole('slider', { name: 'Before/after divider' });
    const shot = async () => decodePng(await stage.screenshot({ animations: 'disabled' }));
    await handle.focus();
    await page.keyboard.press('End'); // divider at the right edge: all original
    const original = await shot();
    await page.keyboard.press('Home'); // at the left edge: all restored
    const restored = await shot();
    // Drag the divider with the mouse to a quarter of the width.
    const box = (await stage.boundingBox())!;
    const grip = (await handle.boundingBox())!;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const split = Number(await handle.getAttribute('aria-valuenow')) / 100;
    assert.ok(Math.abs(split - 0.25) < 0.03, `divider dragged to 25%, at ${split}`);
    await page.mouse.move(box.x + box.width * 0.8, box.y + 5); // keep the pointer off the halves
    const mixed = await shot();
    const cut = original.width * split;
    const rows = [48, original.height - 8] as const; // below the Before/After tags
    const leftOfCut = [8, cut - 24] as const;
    const rightOfCut = [cut + 24, original.width - 8] as const;
    assert.ok(meanDiff(original, restored, ...leftOfCut, ...rows) > 8, 'original and restored differ');
    assert.ok(meanDiff(mixed, original, ...leftOfCut, ...rows) < 2, 'left of the divider: the original');
    assert.ok(meanDiff(mixed, restored, ...rightOfCut, ...rows) < 2, 'right of the divider: the result');
    assert.ok(meanDiff(mixed, restored, ...leftOfCut, ...rows) > 8, 'the two sides of the divider differ');
  }),
);

async function waitForQueueIdle(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('[aria-label="Batch controls"]')?.getAttribute('data-phase') === 'idle' &&
      document.querySelectorAll('tr.item[data-status="pending"], tr.item[data-status="running"]').length === 0 &&
      document.querySelectorAll('tr.item').length > 0,
    null,
    { timeout },
  );
}

async function assertOutputs(inDir: string, outDir: string, specs: PhotoSpec[]): Promise<void> {
  for (const spec of specs) {
    const input = await sharp(join(inDir, spec.name)).metadata();
    const stem = spec.name.replace(/\.\w+$/, '');
    const output = join(outDir, `${stem}-dvar-x4.png`);
    assert.ok(existsSync(output), `${output} exists`);
    const meta = await sharp(output).metadata();
    assert.equal(meta.width, spec.width * 4, `${spec.name}: width ×4`);
    assert.equal(meta.height, spec.height * 4, `${spec.name}: height ×4`);
    assert.ok(input.icc && meta.icc?.equals(input.icc), `${spec.name}: the Display P3 ICC profile is carried byte for byte`);
    assert.ok(meta.exif?.includes(FIXTURE_COPYRIGHT), `${spec.name}: EXIF is carried`);
  }
  assert.deepEqual(
    readdirSync(outDir).filter((n) => n.includes('.dvar-tmp-')),
    [],
    'no half-written files',
  );
}

async function queueFolder(page: Page, folder: string, outDir: string): Promise<void> {
  await page.keyboard.press('4');
  const output = page.getByLabel('Output folder');
  await output.fill(outDir);
  await output.press('Tab'); // commits the field (change event)
  await page.waitForFunction((dir) => (document.querySelector('[aria-label="Output folder"]') as HTMLInputElement).value === dir, outDir);
  await openPath(page, /Add photos or folders to the queue/, folder, 'Add');
  await page.locator('tr.item').first().waitFor();
}

test('Batch: outputs at ×4 with EXIF and ICC carried; the corrupt file gets a Not added row with its reason while the others finish', { skip }, () =>
  withApp(async ({ page }) => {
    const folder = await photoFolder();
    const outDir = join(freshDir('batch'), 'restored');
    await queueFolder(page, folder, outDir);
    assert.equal(await page.locator('tr.item').count(), 4);
    await page.getByRole('button', { name: 'Start' }).click();
    await waitForQueueIdle(page, 45_000);
    for (const { name } of PHOTOS) {
      assert.equal(await page.locator(`tr.item[data-input$="${name}"]`).getAttribute('data-status'), 'done', name);
    }
    // The corrupt file is refused when added (it never runs), with the reason on its row.
    assert.equal(await page.locator('tr.item[data-input$="broken.jpg"]').getAttribute('data-status'), 'rejected');
    const reason = await page.locator('tr.error-row[data-input$="broken.jpg"]').innerText();
    assert.match(reason, /^Not added: .*broken\.jpg.*(damaged|cannot|not an image)/i, `a one-sentence reason: ${reason}`);
    // What was not restored is not counted as finished, and its row names no output.
    assert.match(await page.getByTestId('batch-summary').innerText(), /^3 of 3 finished · 1 not added · 100%/);
    assert.equal(await page.locator('tr.item[data-input$="broken.jpg"] td.output').innerText(), '');
    await assertOutputs(folder, outDir, PHOTOS);
  }),
);

test('Batch: after the host is killed mid-batch and restarted, the queue resumes and finishes', { skip }, async () => {
  const dataDir = freshDir('data');
  const specs: PhotoSpec[] = Array.from({ length: 4 }, (_, i) => ({ name: `frame-${i + 1}.jpg`, width: 192, height: 144 }));
  const folder = await photoFolder(specs, false);
  const outDir = join(freshDir('resume'), 'restored');
  let host = await startConfiguredHost(dataDir);
  const app = await openApp(browser!, host);
  const { page } = app;
  try {
    await queueFolder(page, folder, outDir);
    await page.getByRole('button', { name: 'Start' }).click();
    // Kill it once one photo is done and the next one is under way.
    await page.locator('tr.item[data-status="done"]').first().waitFor({ timeout: 30_000 });
    await page.locator('tr.item[data-status="running"]').first().waitFor({ timeout: 30_000 });
    const doneBefore = await page.locator('tr.item[data-status="done"]').count();
    assert.ok(doneBefore < specs.length, 'killed before the end');
    await host.kill();
    await page.getByText('Lost the connection to DVAR Studio').waitFor();

    host = await startConfiguredHost(dataDir, host.port); // same data folder and address
    await page.getByText('Lost the connection to DVAR Studio').waitFor({ state: 'detached', timeout: 15_000 });
    await waitForQueueIdle(page, 60_000);
    assert.equal(await page.locator('tr.item[data-status="done"]').count(), specs.length, 'every photo done');
    await assertOutputs(folder, outDir, specs);
    app.errors.splice(0, app.errors.length, ...app.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET/.test(e)));
    assert.deepEqual(app.errors, [], 'no errors in the page besides the dropped connection');
  } finally {
    await page.close();
    await host.stop();
  }
});
