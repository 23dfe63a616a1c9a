// One Chromium and one in-process web host over a bundled-pack layout (the default and fast packs
// with their model cards) per test file: the setup of the Settings browser tests. `prepare` may write
// into the layout (e.g. a model card) before the host starts.
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import { bundledPackLayout } from '../app/bundled-pack-fixture.ts';
import { makeTempDir } from '../helpers/images.ts';
import { ensureRendererBuilt, launchChromium } from './browser.ts';
import { skip } from './browser-session.ts';

export function bundledPackSession(prefix: string, prepare?: (layout: ReturnType<typeof bundledPackLayout>) => void) {
  if (skip) console.log(`# ${skip}`);
  const { dir, cleanup } = makeTempDir(prefix);
  let browser: Browser | undefined;
  let web: WebHost | undefined;
  before(async () => {
    if (skip) return;
    ensureRendererBuilt();
    const layout = bundledPackLayout(dir);
    prepare?.(layout);
    web = await startWebHost({
      dataDir: join(dir, 'data'),
      port: 0,
      hostOptions: { defaultPackDir: layout.defaultPackDir, modelCardsDir: layout.modelCardsDir },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await web?.close();
    cleanup();
  });
  return { browser: () => browser!, web: () => web! };
}
