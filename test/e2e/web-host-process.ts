// Starts the real web host (`electron/web-host/main.ts`) as a child process for browser tests, and
// talks to it from Node over the same WebSocket client the renderer uses.
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import type { Settings } from '../../electron/ipc/contract.ts';
import { createWebSocketApi, webSocketUrlFor, type SocketConstructor, type WebSocketApi } from '../../electron/ipc/web-socket-client.ts';
import { withSessionToken } from '../../electron/ipc/page-token.ts';
import { openOwnPage } from '../helpers/own-page.ts';
import { REPO_ROOT, TINY_PACK } from '../helpers/fixtures.ts';
import { entryArgs } from '../helpers/bundled-entry.ts';

export interface HostProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** What the host wrote to stderr, for failure messages. */
  stderr(): string;
  /** SIGTERM and wait: the host stops its running photo and keeps the queue. */
  stop(): Promise<void>;
  /** SIGKILL and wait: a crash, nothing gets to clean up. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
}

/** `env`: added to the host's environment (e.g. HOME, where typed `~` and relative paths start). */
export async function startHost(dataDir: string, port = 0, env: Record<string, string> = {}): Promise<HostProcess> {
  const child = spawn(process.execPath, [...entryArgs('electron/web-host/main.ts'), '--port', String(port), '--data', dataDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The web host did not print its URL within 30 s.\n${stdout}${stderr}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /https?:\/\/\S+/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited with ${code} before printing its URL.\n${stdout}${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}

/** The session token, read from the host's page as the renderer reads it (opened by its printed address). */
export async function sessionToken(url: string): Promise<string> {
  const { token } = await openOwnPage(url);
  if (!token) throw new Error(`The page at ${url} carries no session token.`);
  return token;
}

/** A Node-side client of the host's contract (to set up settings or read state without the UI). */
export function connectApi(host: HostProcess): WebSocketApi {
  const ws = webSocketUrlFor(new URL(host.url));
  return createWebSocketApi(async () => withSessionToken(ws, await sessionToken(host.url)), { WebSocket: WebSocket as unknown as SocketConstructor });
}

/** Imports the tiny fixture pack and points the host at it, on 1 thread (this machine is shared). */
export async function useTinyPack(host: HostProcess, settings: Partial<Settings> = {}): Promise<void> {
  const api = connectApi(host);
  try {
    await api.invoke('packs:import', { dir: TINY_PACK });
    await api.invoke('settings:set', { packDir: TINY_PACK, threads: 1, ...settings });
  } finally {
    api.close();
  }
}
