// The one door to the host. In Electron, preload exposes the contract as `window.dvar`; in a
// browser the web host serves the same contract over a WebSocket on the page's own origin.
import type { DvarApi } from '../../../electron/ipc/contract.ts';
import { createWebSocketApi, type SocketConstructor } from '../../../electron/ipc/web-socket-client.ts';
import { SESSION_TOKEN_META, SESSION_TOKEN_PARAM, sessionTokenFromHtml, withSessionToken } from '../../../electron/ipc/page-token.ts';
import { connection } from '../state/connection.svelte.ts';

/** Extras preload may add beside the contract; the renderer works without them. */
export interface DvarExtras {
  /** Electron's `webUtils.getPathForFile`: the path of a dropped File (Electron ≥ 32 has no File.path). */
  pathForFile?: (file: File) => string;
}

declare global {
  interface Window {
    dvar?: DvarApi & DvarExtras;
  }
}

/** The browser's WebSocket, reporting open and close so the UI can say "reconnecting" and resync. */
class TrackedSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    this.addEventListener('open', () => connection.opened());
    this.addEventListener('close', () => connection.closed());
  }
}

/**
 * The web host's session token: first from this page (the host put it into the HTML it served, or a
 * development page passes it as ?token=), then, on every reconnect, from a fresh copy of the page,
 * because a restarted host has a new one. Only our own origin can read that page.
 */
let pageToken: string | null = document.querySelector<HTMLMetaElement>(`meta[name="${SESSION_TOKEN_META}"]`)?.content ?? null;
const addressToken = new URLSearchParams(location.search).get(SESSION_TOKEN_PARAM);

async function sessionToken(): Promise<string | null> {
  if (pageToken !== null) {
    const token = pageToken;
    pageToken = null; // used once; later connections read the page again
    return token;
  }
  const fresh = await fetch('/', { cache: 'no-store' })
    .then((page) => page.text())
    .then(sessionTokenFromHtml, () => null);
  return fresh ?? addressToken;
}

async function socketUrl(): Promise<string> {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${location.host}/ws`;
  const token = await sessionToken();
  return token === null ? url : withSessionToken(url, token);
}

export const api: DvarApi & DvarExtras = window.dvar ?? createWebSocketApi(socketUrl, { WebSocket: TrackedSocket as unknown as SocketConstructor });

/** True inside Electron, where native dialogs, real drop paths and reveal-in-folder exist. */
export const isElectron = window.dvar !== undefined;
