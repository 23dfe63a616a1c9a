// The desktop app for real: Playwright's Electron support launches the built app, opens a folder of
// photos through File → Open Folder (the native dialog answered by a stub in the main process) and
// restores one with the tiny fixture pack through window.dvar. Skips where the Electron binary is not
// installed (it cannot be downloaded on the project's build machines); on Linux it needs a display
// (run under `xvfb-run` on a headless machine).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import type { DvarApi, EventOf } from '../../electron/ipc/contract.ts';
import { REPO_ROOT, TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

type PageWindow = Window & { dvar: DvarApi };

/** The Electron executable, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  try {
    // The electron package's entry resolves to its downloaded binary (and throws if it never was).
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path !== 'string') return { missing: 'the electron package did not name a binary' };
    return existsSync(path) ? { path } : { missing: `${path} does not exist` };
  } catch (error) {
    return { missing: (error as Error).message.split('\n')[0]! };
  }
}

const temp = makeTempDir('e2e-electron');
after(temp.cleanup);

test('the Electron app opens a folder and restores a photo with the tiny pack', { timeout: 240_000 }, async (t) => {
  const binary = electronBinary();
  if ('missing' in binary) return t.skip(`Electron binary not installed: ${binary.missing}`);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return t.skip('No display for Electron: run this test under xvfb-run');
  }

  if (!existsSync(join(REPO_ROOT, 'renderer', 'dist', 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(REPO_ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  }
  const bundle = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(bundle.status, 0, bundle.stderr);

  const photos = join(temp.dir, 'photos');
  mkdirSync(photos);
  await writePhoto(join(photos, 'harbour.png'), 48, 32);
  await writePhoto(join(photos, 'portrait.jpg'), 24, 40);

  const { _electron } = await import('playwright-core');
  const app = await _electron.launch({
    executablePath: binary.path,
    // Chromium refuses to run as root with its OS sandbox (CI containers); the app's own
    // contextIsolation/sandbox settings are unchanged by this switch.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), REPO_ROOT],
    cwd: REPO_ROOT,
    env: { ...process.env, DVAR_USER_DATA_DIR: join(temp.dir, 'user') },
    timeout: 60_000,
  });
  try {
    await app.evaluate(({ dialog }, folder) => {
      dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [folder] });
    }, photos);
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    assert.equal(page.url(), 'app://dvar/index.html');

    // Only window.dvar reaches the page; no Node, no eval.
    const surface = await page.evaluate(() => {
      const w = window as unknown as PageWindow & { require?: unknown; process?: unknown };
      let evalAllowed = true;
      try {
        (0, eval)('1');
      } catch {
        evalAllowed = false;
      }
      return { api: Object.keys(w.dvar).sort(), require: typeof w.require, process: typeof w.process, evalAllowed };
    });
    assert.deepEqual(surface, { api: ['invoke', 'on'], require: 'undefined', process: 'undefined', evalAllowed: false });

    // File → Open Folder…: the stubbed dialog answers, main adds the folder to the queue.
    await app.evaluate(({ Menu }) => {
      type Item = { label: string; click(): void; submenu?: { items: Item[] } };
      const file = (Menu.getApplicationMenu()!.items as unknown as Item[]).find((item) => item.label.replace('&', '') === 'File')!;
      file.submenu!.items.find((item) => item.label === 'Open Folder…')!.click();
    });
    const queued = await page.waitForFunction(
      async () => {
        const state = await (window as unknown as PageWindow).dvar.invoke('queue:get', {});
        return state.items.length === 2 ? state.items.map((item) => item.input) : null;
      },
      undefined,
      { timeout: 30_000, polling: 250 },
    );
    assert.deepEqual(((await queued.jsonValue()) as string[]).sort(), [join(photos, 'harbour.png'), join(photos, 'portrait.jpg')]);

    // The same folder through the API, and a photo shown through dvar-image:.
    const shown = await page.evaluate(async (folder) => {
      const { dvar } = window as unknown as PageWindow;
      const picked = await dvar.invoke('files:pick', { folders: true });
      const added = await dvar.invoke('files:add', { paths: picked.paths, recursive: false });
      const harbour = added.files.find((file) => file.name === 'harbour.png')!;
      const { url } = await dvar.invoke('files:image-url', { path: harbour.path });
      const image = new Image();
      image.src = url;
      await image.decode();
      return { picked: picked.paths, count: added.files.length, url, width: image.naturalWidth, folderMatches: picked.paths[0] === folder };
    }, photos);
    assert.deepEqual([shown.count, shown.width, shown.folderMatches], [2, 48, true]);
    assert.match(shown.url, /^dvar-image:\/\//);

    // Restore one photo with the tiny pack and wait for its event.
    const done = await page.evaluate(
      async ({ pack, path }) => {
        const { dvar } = window as unknown as PageWindow;
        await dvar.invoke('settings:set', { packDir: pack });
        return await new Promise<EventOf<'restore:done'>>((resolve, reject) => {
          dvar.on('restore:done', resolve);
          dvar.on('restore:failed', (failure) => reject(new Error(failure.message)));
          dvar.invoke('restore:start', { path }).catch(reject);
        });
      },
      { pack: TINY_PACK, path: join(photos, 'harbour.png') },
    );
    const output = await sharp(done.output).metadata();
    assert.deepEqual([output.width, output.height], [192, 128]);

    // Navigation away from the app is refused: wait for the main process's will-navigate event (our
    // listener runs after the app's guard) instead of sleeping, then check it was prevented.
    const attempt = app.evaluate(
      ({ BrowserWindow }) =>
        new Promise<{ url: string; prevented: boolean }>((resolve) => {
          BrowserWindow.getAllWindows()[0]!.webContents.once('will-navigate', (event: { defaultPrevented: boolean }, url: string) =>
            resolve({ url, prevented: event.defaultPrevented }),
          );
        }),
    );
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    assert.deepEqual(await attempt, { url: 'https://example.com/', prevented: true });
    assert.equal(page.url(), 'app://dvar/index.html');
  } finally {
    await app.close();
  }
});
