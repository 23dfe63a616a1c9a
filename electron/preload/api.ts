// `window.dvar` for the Electron renderer: the contract's DvarApi over ipcRenderer, limited to the
// contract's channels. Plain (no `electron` import) so it is unit-tested against ipc.ts with fakes;
// preload.ts only hands it the real ipcRenderer and exposes it.
import { events, requests, type DvarApi, type EventChannel, type IpcReply, type RequestChannel } from '../ipc/contract.ts';

type IpcListener = (event: unknown, payload: unknown) => void;

/** The part of Electron's ipcRenderer this API uses. */
export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

export function createDvarApi(ipc: IpcRendererLike): DvarApi {
  return {
    async invoke<C extends RequestChannel>(channel: C, request: unknown) {
      if (!Object.hasOwn(requests, channel)) throw new Error(`Unknown request channel "${String(channel)}".`);
      const reply = (await ipc.invoke(channel, request)) as IpcReply;
      // Only the message crosses contextBridge; the code stays in main's log.
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as never;
    },
    on<C extends EventChannel>(channel: C, listener: (payload: never) => void) {
      if (!Object.hasOwn(events, channel)) throw new Error(`Unknown event channel "${String(channel)}".`);
      // The renderer gets the payload only, never Electron's event object (it carries `sender`).
      const forward: IpcListener = (_event, payload) => listener(payload as never);
      ipc.on(channel, forward);
      return () => void ipc.removeListener(channel, forward);
    },
  };
}
