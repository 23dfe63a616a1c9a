// Shared by the app tests: a host on a temp data dir using the tiny fixture pack, and event waiting.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { AppHost } from '../../electron/app/host.ts';
import { createAppHost } from '../../electron/app/host.ts';
import type { EventChannel, QueueState } from '../../electron/ipc/contract.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir } from '../helpers/images.ts';

export async function tinyHost(userDataDir: string): Promise<AppHost> {
  const host = await createAppHost({
    userDataDir,
    hostKind: 'web',
    version: '0.0.0-test',
    imageUrl: (path) => `/image?path=${encodeURIComponent(path)}`,
    thumbnailUrl: (file) => `/thumb?file=${encodeURIComponent(file)}`,
  });
  await host.handle('settings:set', { packDir: TINY_PACK, threads: 1 });
  return host;
}

/**
 * One tiny-pack host per test file on a fresh temp folder, opened before its tests and closed (folder
 * removed) after them; `opened` receives it. Returns the folder for the file's own photos.
 */
export function tinyHostSession(prefix: string, opened: (host: AppHost) => void): string {
  const { dir, cleanup } = makeTempDir(prefix);
  let host: AppHost | undefined;
  before(async () => {
    host = await tinyHost(join(dir, 'data'));
    opened(host);
  });
  after(async () => {
    await host?.close();
    cleanup();
  });
  return dir;
}

/** Resolves with the first event on `channel` whose payload passes `test` (rejects after `ms`). */
export function nextEvent<T = unknown>(host: AppHost, channel: EventChannel, test: (payload: T) => boolean = () => true, ms = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`No ${channel} event passed the test within ${ms} ms.`));
    }, ms);
    const off = host.on((name, payload) => {
      if (name !== channel || !test(payload as T)) return;
      clearTimeout(timer);
      off();
      resolve(payload as T);
    });
  });
}

/** The queue once it has stopped with nothing running or waiting. */
export function queueIdle(host: AppHost): Promise<QueueState> {
  return nextEvent<QueueState>(host, 'queue:changed', (q) => !q.running && q.items.every((i) => i.status !== 'running' && i.status !== 'pending'));
}

export const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
