// IPC between the window and the host: one ipcMain handler per request channel of the contract and
// one webContents.send per host event, nothing else. Requests are accepted only from our own page,
// validated with the contract, then forwarded; answers travel as a reply envelope so the renderer gets
// the host's one-sentence message (ipcMain.handle would wrap a thrown error in "Error invoking remote
// method ...: Error: ..." and the error's code would be lost).
import { events, requests, type EventChannel, type IpcReply, type RequestChannel } from '../ipc/contract.ts';
import { HostError, toRequestFailure } from '../app/host-error.ts';
import type { IpcMainApi } from './electron-api.ts';
import { isAppUrl } from './security.ts';

/** The allowlists, straight from the contract. */
export const REQUEST_CHANNELS = Object.keys(requests) as RequestChannel[];
export const EVENT_CHANNELS = Object.keys(events) as EventChannel[];
const eventChannels = new Set<string>(EVENT_CHANNELS);

/** What ipc.ts needs from the host (electron/app/host.ts). */
export interface RequestHandler {
  handle(channel: string, payload: unknown): Promise<unknown>;
}
export interface EventSource {
  on(listener: (channel: EventChannel, payload: unknown) => void): () => void;
}

/** Answers one request: sender check, then the host (which validates), errors as a failure value. */
export async function answerRequest(host: RequestHandler, channel: RequestChannel, senderUrl: string, payload: unknown): Promise<IpcReply> {
  try {
    if (!isAppUrl(senderUrl)) throw new HostError('NOT_ALLOWED', `Requests on "${channel}" are only accepted from the app's own window.`);
    // The host validates the payload against the contract (and words a bad setting for people).
    return { ok: true, value: await host.handle(channel, payload) };
  } catch (error) {
    return { ok: false, error: toRequestFailure(error, channel) };
  }
}

/** Registers a handler for every request channel; returns a function that removes them all. */
export function registerRequestHandlers(ipcMain: IpcMainApi, host: RequestHandler): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event, payload) => answerRequest(host, channel, event.senderFrame?.url ?? '', payload));
  }
  return () => REQUEST_CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Sends each host event on the contract's event channels to the window; anything else is dropped. */
export function forwardHostEvents(host: EventSource, send: (channel: EventChannel, payload: unknown) => void): () => void {
  return host.on((channel, payload) => {
    if (eventChannels.has(channel)) send(channel, payload);
  });
}
