// Opens the renderer served by a web host in a fresh page and records what went wrong in it.
import type { Browser, Page } from 'playwright-core';
import type { HostProcess } from './web-host-process.ts';

export interface AppPage {
  page: Page;
  /** Uncaught exceptions and console errors, for a final "no errors" assertion. */
  errors: string[];
  /** restore:progress frames the page received over its WebSocket. */
  progressFrames: () => number;
}

/** The smallest window the app supports. Tests whose layout can break there check it explicitly. */
export const SMALLEST_WINDOW = { width: 1024, height: 700 } as const;

/**
 * The window size every browser test uses: 1200×800, or `DVAR_E2E_VIEWPORT=WxH` to run the UI suite in
 * another window by hand (`DVAR_E2E_VIEWPORT=1024x700 node scripts/run-node-tests.mjs test/e2e`).
 */
export function e2eViewport(): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/.exec(process.env.DVAR_E2E_VIEWPORT ?? '');
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: 1200, height: 800 };
}

/** `host`: a web host child process, or an in-process web host (anything with its page URL). */
/**
 * `fakeClock`: the page's timers run on Playwright's clock, which flows as usual until the test moves
 * it on (`page.clock.fastForward`), so a test of something that happens after seconds need not wait them.
 */
export async function openApp(
  browser: Browser,
  host: Pick<HostProcess, 'url'>,
  viewport = e2eViewport(),
  options: { fakeClock?: boolean } = {},
): Promise<AppPage> {
  const page = await browser.newPage({ viewport });
  if (options.fakeClock) await page.clock.install();
  const errors: string[] = [];
  let frames = 0;
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.startsWith('{"event":"restore:progress"')) frames++;
    }),
  );
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  return { page, errors, progressFrames: () => frames };
}
