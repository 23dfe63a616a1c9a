// A message from the web host's /ws as the tests' own `ws` clients receive it: one JSON text frame, which
// ws hands over as a Buffer. Checked to be an answer or an event, and returned as it arrived.
import type { RawData } from 'ws';
import type { WsServerMessage } from '../../electron/ipc/web-socket-protocol.ts';

function isServerMessage(message: unknown): message is WsServerMessage {
  return typeof message === 'object' && message !== null && ('ok' in message || 'event' in message);
}

export function serverMessage(data: RawData): WsServerMessage {
  if (!Buffer.isBuffer(data)) throw new Error('The host sent something other than one text frame.');
  const message: unknown = JSON.parse(data.toString('utf8'));
  if (!isServerMessage(message)) throw new Error(`The host sent neither an answer nor an event: ${data.toString('utf8')}`);
  return message;
}
