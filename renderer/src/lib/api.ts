// The one door to the host. In Electron, preload exposes the contract as `window.dvar`; in a
// browser the web host serves the same contract over a WebSocket on the page's own origin.
import type { DvarApi } from '../../../electron/ipc/contract.ts';
import { createWebSocketApi, type SocketConstructor } from '../../../electron/web-host/client.ts';
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

function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}

export const api: DvarApi & DvarExtras =
  window.dvar ?? createWebSocketApi(socketUrl(), { WebSocket: TrackedSocket as unknown as SocketConstructor });

/** True inside Electron, where native dialogs, real drop paths and reveal-in-folder exist. */
export const isElectron = window.dvar !== undefined;
