// One short-lived connection before a submitter or worker starts: BullMQ's own connections retry for
// ever (right for an outage mid-run), which at start-up would turn a wrong address or password into a
// silent hang. This says what is wrong in one sentence instead. A rediss:// queue first gets a TLS
// handshake of its own (tls-handshake.ts), so certificate trouble is named as such.
import { Redis } from 'ioredis';
import { answersTls } from './port-probe.ts';
import { queueUnusable, TLS_PORT } from './queue-failure.ts';
import type { QueueTarget } from './queue-url.ts';
import { checkTlsHandshake } from './tls-handshake.ts';

/** Socket failures that say nothing about a server, only that none answered there. */
const NOBODY_THERE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

export async function checkQueueConnection(target: QueueTarget, timeoutMs = 10_000): Promise<void> {
  if (target.connection.tls) await checkTlsHandshake(target, timeoutMs);
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
    const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]!;
    if (/WRONGPASS|NOAUTH|invalid password|AUTH/i.test(reason)) throw queueUnusable(target, reason, 'check the password in the URL', { cause });
    // A TLS-only port drops a plain client at once ("read ECONNRESET"); say so when that is what it is.
    const { host, port } = target.connection;
    if (!target.connection.tls && !NOBODY_THERE.test(reason) && (await answersTls(host, port))) {
      throw queueUnusable(target, 'the server speaks TLS on this port', 'write rediss:// for it', { problem: TLS_PORT, cause });
    }
    throw queueUnusable(target, reason, 'check the address and that Redis is running', { cause });
  } finally {
    client.disconnect();
  }
}
