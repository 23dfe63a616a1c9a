// The renderer's DvarApi over the web host's WebSocket, for when `window.dvar` (Electron's preload)
// is absent. Plain browser TypeScript: no Node imports, only types from the contract. Requests made
// before the socket opens wait for it; a dropped connection rejects what was in flight and reconnects
// (with back-off), so a restarted host is picked up again. After a reconnect, events sent meanwhile
// are lost: listeners get a fresh `queue:changed` from the host's next change, or call queue:get.
import type { DvarApi, EventChannel, EventOf, RequestChannel, RequestOf, ResponseOf } from './contract.ts';
import type { WsRequest, WsServerMessage } from './web-socket-protocol.ts';

/** The part of the browser's WebSocket this client uses (the `ws` package's WebSocket fits too). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
export type SocketConstructor = new (url: string) => SocketLike;

export interface WebSocketApiOptions {
  /** Default: the browser's global WebSocket. */
  WebSocket?: SocketConstructor;
  /** First reconnect delay; doubles up to 5 s. Default 250 ms. */
  reconnectMs?: number;
}

export interface WebSocketApi extends DvarApi {
  /** Closes the socket for good; pending requests reject. */
  close(): void;
}

/** An Error with the host's code ('INVALID_REQUEST', 'PACK_INVALID', 'DISCONNECTED'...). */
export type ApiError = Error & { code: string };

const OPEN = 1;

function apiError(message: string, code: string): ApiError {
  return Object.assign(new Error(message), { code });
}

/** ws://host/ws for a page served by the web host (wss:// behind https). */
export function webSocketUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * `url` may be a function, asked before every connection: the web host's session token changes when
 * it restarts, so a page reconnecting to a restarted host needs the new one (see page-token.ts).
 */
export function createWebSocketApi(url: string | (() => string | Promise<string>), options: WebSocketApiOptions = {}): WebSocketApi {
  const found = options.WebSocket ?? (globalThis as unknown as { WebSocket?: SocketConstructor }).WebSocket;
  if (!found) throw new Error('This environment has no WebSocket; pass one in the options.');
  const Socket: SocketConstructor = found;
  const firstDelay = options.reconnectMs ?? 250;

  let socket: SocketLike | null = null;
  let delay = firstDelay;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  // Requests made while the socket was not open wait unsent; only sent ones can be lost with it.
  const waiting: string[] = [];
  const requests = new Map<string, { text: string; resolve: (value: unknown) => void; reject: (error: ApiError) => void; sent: boolean }>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

  function receive(data: unknown): void {
    let message: WsServerMessage;
    try {
      message = JSON.parse(String(data)) as WsServerMessage;
    } catch {
      return;
    }
    if ('event' in message) {
      for (const listener of listeners.get(message.event) ?? []) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error(`A listener for ${message.event} failed`, error);
        }
      }
      return;
    }
    const pending = message.id === null ? undefined : requests.get(String(message.id));
    if (!pending) return;
    requests.delete(String(message.id));
    if (message.ok) pending.resolve(message.result);
    else pending.reject(apiError(message.error.message, message.error.code));
  }

  let resolving = false;
  function connect(): void {
    if (closed || socket || resolving) return;
    if (typeof url === 'string') return open(url);
    resolving = true;
    Promise.resolve()
      .then(url)
      .then(open)
      .catch(() => {
        if (closed) return;
        reconnectTimer = setTimeout(connect, delay); // the host is not reachable yet: try again later
        delay = Math.min(delay * 2, 5000);
      })
      .finally(() => (resolving = false));
  }

  function open(address: string): void {
    if (closed || socket) return;
    const current = new Socket(address);
    socket = current;
    current.addEventListener('open', () => {
      delay = firstDelay;
      for (const id of waiting.splice(0)) {
        const pending = requests.get(id);
        if (!pending) continue;
        pending.sent = true;
        current.send(pending.text);
      }
    });
    current.addEventListener('message', (event) => receive(event.data));
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = null;
      for (const [id, { reject, sent }] of requests) {
        if (!sent) continue; // still waiting: it goes out on the next connection
        requests.delete(id);
        reject(apiError('The connection to DVAR Studio was lost before it answered; try again.', 'DISCONNECTED'));
      }
      if (closed) return;
      reconnectTimer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    });
    current.addEventListener('error', () => undefined); // 'close' follows and handles it
  }

  connect();

  return {
    invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      if (closed) return Promise.reject(apiError('The connection to DVAR Studio is closed.', 'DISCONNECTED'));
      const id = String(nextId++);
      const text = JSON.stringify({ id, channel, payload: request } satisfies WsRequest);
      return new Promise<ResponseOf<C>>((resolve, reject) => {
        const open = socket?.readyState === OPEN;
        requests.set(id, { text, resolve: resolve as (value: unknown) => void, reject, sent: open });
        if (open) socket!.send(text);
        else {
          waiting.push(id);
          connect();
        }
      });
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void): () => void {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    close(): void {
      closed = true;
      clearTimeout(reconnectTimer);
      waiting.length = 0;
      socket?.close();
      socket = null;
      for (const { reject } of requests.values()) reject(apiError('The connection to DVAR Studio is closed.', 'DISCONNECTED'));
      requests.clear();
    },
  };
}
