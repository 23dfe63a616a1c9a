// The browser client's connection handling with a scripted socket: requests wait for the connection,
// a drop rejects only what was sent, unsent requests go out after the reconnect, events fan out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWebSocketApi, webSocketUrlFor, type SocketLike } from '../../electron/ipc/web-socket-client.ts';
import type { WsRequest } from '../../electron/ipc/web-socket-protocol.ts';

function isRequest(message: unknown): message is WsRequest {
  if (typeof message !== 'object' || message === null || !('id' in message) || !('channel' in message)) return false;
  return (typeof message.id === 'string' || typeof message.id === 'number') && typeof message.channel === 'string';
}

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  private static waiting: Array<(socket: FakeSocket) => void> = [];
  /** Resolves with the next socket the client opens (its reconnect runs on a timer). */
  static next(): Promise<FakeSocket> {
    return new Promise((resolve) => FakeSocket.waiting.push(resolve));
  }
  readyState = 0;
  sent: WsRequest[] = [];
  private handlers = new Map<string, Array<(event: { data: unknown }) => void>>();
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
    for (const resolve of FakeSocket.waiting.splice(0)) resolve(this);
  }
  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  send(data: string): void {
    const request: unknown = JSON.parse(data);
    if (!isRequest(request)) throw new Error(`The client sent something other than a request: ${data}`);
    this.sent.push(request);
  }
  close(): void {
    this.fire('close');
  }
  fire(type: string, data?: unknown): void {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const handler of this.handlers.get(type) ?? []) handler({ data });
  }
}

test('queues until open, rejects sent requests on a drop, resends unsent ones after reconnecting', async () => {
  const api = createWebSocketApi('ws://x/ws', { WebSocket: FakeSocket, reconnectMs: 1 });
  const first = FakeSocket.all.at(-1)!;
  const settings = api.invoke('settings:get', {});
  assert.equal(first.sent.length, 0);
  first.fire('open');
  assert.equal(first.sent[0]!.channel, 'settings:get');
  first.fire('message', JSON.stringify({ id: first.sent[0]!.id, ok: true, result: { theme: 'dark' } }));
  assert.deepEqual(await settings, { theme: 'dark' });

  const failing = api.invoke('queue:start', {});
  first.fire('message', JSON.stringify({ id: first.sent[1]!.id, ok: false, error: { message: 'Nope.', code: 'USAGE' } }));
  await assert.rejects(failing, { message: 'Nope.', code: 'USAGE' });

  const events: unknown[] = [];
  const off = api.on('log', (payload) => events.push(payload));
  first.fire('message', JSON.stringify({ event: 'log', payload: { level: 'info', message: 'hi' } }));
  off();
  first.fire('message', JSON.stringify({ event: 'log', payload: { level: 'info', message: 'unheard' } }));
  assert.deepEqual(events, [{ level: 'info', message: 'hi' }]);

  const lost = api.invoke('queue:get', {});
  const reconnected = FakeSocket.next();
  first.fire('close');
  await assert.rejects(lost, { code: 'DISCONNECTED' });
  const later = api.invoke('queue:pause', {}); // made while disconnected: waits for the new socket
  const second = await reconnected;
  assert.notEqual(second, first);
  second.fire('open');
  assert.equal(second.sent[0]!.channel, 'queue:pause');
  second.fire('message', JSON.stringify({ id: second.sent[0]!.id, ok: true, result: 'paused' }));
  assert.equal(await later, 'paused');
  api.close();
  await assert.rejects(api.invoke('queue:get', {}), { code: 'DISCONNECTED' });
  assert.equal(webSocketUrlFor({ protocol: 'https:', host: 'a:1' }), 'wss://a:1/ws');
});
