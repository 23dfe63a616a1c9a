// One short-lived connection before a submitter or worker starts: BullMQ's own connections retry for
// ever (right for an outage mid-run), which at start-up would turn a wrong address or password into a
// silent hang. This says what is wrong in one sentence instead.
import { Redis } from 'ioredis';
import { DvarError } from '../engine/definitions.ts';
import type { QueueTarget } from './queue-url.ts';

export async function checkQueueConnection(target: QueueTarget, timeoutMs = 10_000): Promise<void> {
  const client = new Redis({
    ...target.connection,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null, // no reconnecting: the first failure is the answer
    connectTimeout: timeoutMs,
  });
  let lastError: unknown; // the server's or the socket's own words, e.g. WRONGPASS or ECONNREFUSED
  client.on('error', (error) => (lastError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const cause = lastError ?? error;
    const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
    const hint = /WRONGPASS|NOAUTH|invalid password|AUTH/i.test(reason) ? 'check the password in the URL' : 'check the address and that Redis is running';
    throw new DvarError('RUNTIME', `Cannot use the queue at ${target.display} (${reason}); ${hint}.`, { cause });
  } finally {
    client.disconnect();
  }
}
