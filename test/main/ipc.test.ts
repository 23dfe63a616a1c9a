// The IPC bridge end to end without Electron: preload's DvarApi → fake ipcRenderer → ipc.ts handlers
// (as ipcMain would run them) → a fake host, and host events back to the renderer's listeners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { events, requests, type EventChannel } from '../../electron/ipc/contract.ts';
import { EVENT_CHANNELS, REQUEST_CHANNELS, forwardHostEvents, registerRequestHandlers } from '../../electron/main/ipc.ts';
import { createDvarApi } from '../../electron/preload/api.ts';
import { HostError } from '../../electron/app/host-error.ts';

type Handler = (event: { senderFrame: { url: string } | null }, payload: unknown) => Promise<unknown>;

function bridge(senderUrl = 'app://dvar/index.html') {
  const calls: Array<[string, unknown]> = [];
  let emit: (channel: EventChannel, payload: unknown) => void = () => undefined;
  const host = {
    async handle(channel: string, payload: unknown) {
      calls.push([channel, payload]);
      if (channel === 'files:reveal') throw new HostError('NOT_FOUND', 'The file "/x.png" no longer exists.');
      if (channel === 'packs:list') throw new TypeError("Cannot read properties of undefined (reading 'x')\n    at deep/inside.ts:1:1");
      return { echoed: channel };
    },
    on(listener: typeof emit) {
      emit = listener;
      return () => {
        emit = () => undefined;
      };
    },
  };
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const unregister = registerRequestHandlers(ipcMain, host);

  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipcRenderer = {
    async invoke(channel: string, payload: unknown) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler({ senderFrame: { url: senderUrl } }, structuredClone(payload)); // IPC copies like this
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
      void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(listener),
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => void listeners.get(channel)?.delete(listener),
  };
  const stopForwarding = forwardHostEvents(host, (channel, payload) =>
    listeners.get(channel)?.forEach((l) => l({ sender: 'secret' }, structuredClone(payload))),
  );
  return { api: createDvarApi(ipcRenderer), calls, handlers, unregister, emit: (c: EventChannel, p: unknown) => emit(c, p), stopForwarding };
}

test('the allowlists are exactly the contract’s channels, and every request channel has a handler', () => {
  assert.deepEqual(REQUEST_CHANNELS, Object.keys(requests));
  assert.deepEqual(EVENT_CHANNELS, Object.keys(events));
  const { handlers, unregister } = bridge();
  assert.deepEqual([...handlers.keys()].sort(), [...REQUEST_CHANNELS].sort());
  unregister();
  assert.equal(handlers.size, 0);
});

test('a request reaches the host as sent (the host validates it, once), and the answer comes back', async () => {
  const { api, calls } = bridge();
  const answer = await api.invoke('files:add', { paths: ['/photos'], recursive: true });
  assert.deepEqual(answer, { echoed: 'files:add' });
  assert.deepEqual(calls, [['files:add', { paths: ['/photos'], recursive: true }]]);
});

test('a host error reaches the renderer as its sentence, never a stack or "Error invoking remote method"', async () => {
  const { api } = bridge();
  await assert.rejects(api.invoke('files:reveal', { path: '/x.png' }), (e: Error) => e.message === 'The file "/x.png" no longer exists.');
  await assert.rejects(
    api.invoke('packs:list', {}),
    (e: Error) => /^The request "packs:list" failed unexpectedly \(Cannot read/.test(e.message) && !e.message.includes('\n'),
  );
});

test('requests from any page but our own are refused', async () => {
  const { api, calls } = bridge('https://evil.example/');
  await assert.rejects(api.invoke('settings:get', {}), /only accepted from the app's own window/);
  assert.equal(calls.length, 0);
});

test('preload refuses channels outside the contract without touching IPC', async () => {
  const { api } = bridge();
  await assert.rejects(api.invoke('shell:exec' as never, {} as never), /Unknown request channel "shell:exec"/);
  assert.throws(() => api.on('electron-store-get-data' as never, () => undefined), /Unknown event channel/);
});

test('host events reach renderer listeners as bare payloads; unsubscribe and unknown channels', () => {
  const { api, emit, stopForwarding } = bridge();
  const seen: unknown[] = [];
  const off = api.on('log', (payload) => seen.push(payload));
  emit('log', { level: 'info', message: 'hello' });
  emit('not-a-channel' as EventChannel, { level: 'info', message: 'dropped' });
  off();
  emit('log', { level: 'info', message: 'after off' });
  assert.deepEqual(seen, [{ level: 'info', message: 'hello' }]);
  stopForwarding();
});
