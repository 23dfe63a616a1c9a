// Debian's Chromium through playwright-core (no browser downloads here), and a renderer build that
// is never older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from '../helpers/fixtures.ts';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds renderer/dist when it is missing or older than renderer/src, index.html or the contract. */
export function ensureRendererBuilt(): void {
  const built = join(REPO_ROOT, 'renderer', 'dist', 'index.html');
  const sources = ['renderer/src', 'renderer/index.html', 'renderer/vite.config.ts', 'electron/ipc', 'electron/app/renderer-policy.ts'];
  const newest = Math.max(...sources.map((p) => newestMtime(join(REPO_ROOT, p))));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  const result = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`The renderer build failed:\n${result.stdout}${result.stderr}`);
}
