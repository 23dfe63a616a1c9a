// One Chromium and one web host per test file, started before its tests and stopped after, with a
// scratch folder: the setup every browser test shares. Without Debian's Chromium, `skip` says why and
// the tests skip.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { CHROMIUM, ensureRendererBuilt, launchChromium } from './browser.ts';
import { startHost, type HostProcess } from './web-host-process.ts';

export const skip = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}; skipping the browser tests.`;

export interface BrowserSession {
  /** Scratch folder, removed after the file's tests. */
  root: string;
  browser(): Browser;
  host(): HostProcess;
}

/**
 * Registers the before/after hooks; `setup` runs once the host is up (e.g. to choose a pack).
 * `homeIsRoot`: the host's HOME is the scratch folder, so typed `~` paths land there.
 */
export function browserSession(prefix: string, setup?: (host: HostProcess) => Promise<void>, options: { homeIsRoot?: boolean } = {}): BrowserSession {
  if (skip) console.log(`# ${skip}`);
  const root = mkdtempSync(join(tmpdir(), `dvar-e2e-${prefix}-`));
  let browser: Browser | undefined;
  let host: HostProcess | undefined;
  before(async () => {
    if (skip) return;
    ensureRendererBuilt();
    browser = await launchChromium();
    host = await startHost(join(root, 'data'), 0, options.homeIsRoot ? { HOME: root, USERPROFILE: root } : {});
    await setup?.(host);
  });
  after(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(root, { recursive: true, force: true });
  });
  return { root, browser: () => browser!, host: () => host! };
}
