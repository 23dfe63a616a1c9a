// The web host's WebSocket messages (JSON text frames). Types only: the Node server and the browser
// client both import them. Requests and responses pair up by `id`; events carry no id.
import type { EventChannel, RequestFailure } from './contract.ts';

export interface WsRequest {
  id: string | number;
  channel: string;
  payload: unknown;
}

export type WsResponse = { id: string | number | null; ok: true; result: unknown } | { id: string | number | null; ok: false; error: RequestFailure };

export interface WsEvent {
  event: EventChannel;
  payload: unknown;
}

export type WsServerMessage = WsResponse | WsEvent;

/** The endpoint path on the web host. */
export const WS_PATH = '/ws';
