// Settings' "Test connection": one try at the queue server (check-connection.ts), told as one plain
// sentence a studio user can act on: it answers (and how many workers are connected), nothing answers
// there, the password is wrong or missing, or the TLS handshake failed (each TLS problem in the words of
// queue-problem-words.ts). Each cause gets its own words because each has a different fix.
import { Queue } from 'bullmq';
import { checkQueueConnection } from '../distributed/check-connection.ts';
import { RESTORE_QUEUE_NAME } from '../distributed/restore-job.ts';
import type { QueueTarget } from '../distributed/queue-url.ts';
import { queueProblemWords } from './queue-problem-words.ts';
import { connectableTarget } from './queue-server-url.ts';

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

const TEST_TIMEOUT_MS = 5000;

/** Workers connected to the restore queue, or null when the server will not say (CLIENT LIST disabled). */
export async function connectedWorkers(queue: Queue): Promise<number | null> {
  try {
    return await queue.getWorkersCount();
  } catch {
    return null;
  }
}

/** `privateCa`: the workers need the CA certificate too, so the command to start one says so. */
export function workersWords(count: number | null, privateCa = false): string {
  if (count === null) return 'the server does not say how many workers are connected';
  if (count === 0) return `no worker is connected yet (start one with npm run worker -- --queue URL${privateCa ? ' --queue-ca CA.pem' : ''})`;
  return count === 1 ? '1 worker is connected' : `${count} workers are connected`;
}

async function countWorkers(target: QueueTarget): Promise<number | null> {
  // No retrying here: the server just answered, and a test must not hang if it goes away.
  const queue = new Queue(RESTORE_QUEUE_NAME, { connection: { ...target.connection, maxRetriesPerRequest: 0, retryStrategy: () => null } });
  queue.on('error', () => undefined);
  try {
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), TEST_TIMEOUT_MS).unref());
    return await Promise.race([connectedWorkers(queue), timeout]);
  } finally {
    await queue.close().catch(() => undefined);
  }
}

/** What checkQueueConnection threw, in a user's words; `reason` is the server's or the socket's own first line. */
export function connectionFailureWords(target: QueueTarget, error: unknown): string {
  const tlsProblem = queueProblemWords(target, error);
  if (tlsProblem) return tlsProblem;
  const cause = (error as Error | undefined)?.cause ?? error;
  const where = target.display;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]!.replace(/\.$/, '');
  const tls = target.connection.tls !== undefined;
  if (/WRONGPASS|invalid password|invalid username-password/i.test(reason))
    return `The queue server at ${where} refused the password; check the password in the URL.`;
  if (/NOAUTH|Authentication required/i.test(reason))
    return `The queue server at ${where} asks for a password; write it in the URL as redis://:PASSWORD@HOST:PORT.`;
  if (
    /^ERR_(SSL|TLS)|CERT|^EPROTO$/.test(code) ||
    /certificate|SSL|TLS|self[- ]signed/i.test(reason) ||
    (tls && /ECONNRESET|socket disconnected/i.test(`${code} ${reason}`))
  ) {
    return `The secure (TLS) connection to ${where} failed (${reason}); check that the server speaks TLS on that port and that its certificate is valid for that name.`;
  }
  if (code === 'ECONNREFUSED') return `Nothing answers at ${where} (connection refused); check the address and port, and that Redis is running there.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `No server named ${target.connection.host} was found; check the address.`;
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(reason)) {
    // A plain Redis port never answers a TLS handshake: it waits for a command that does not come.
    if (tls) return `The secure (TLS) connection to ${where} got no answer; check that the server speaks TLS on that port, or write redis:// if it does not.`;
    return `The queue server at ${where} did not answer in time; check the address, and write rediss:// if the server uses TLS.`;
  }
  return `Cannot use the queue server at ${where} (${reason}); check the address and the password.`;
}

/** Never throws: every outcome is a sentence. `caFile`: the CA certificate to trust for rediss://, if any. */
export async function testQueueConnection(url: string, caFile: string | null = null): Promise<ConnectionTestResult> {
  let target: QueueTarget;
  try {
    target = connectableTarget(url, caFile);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  try {
    await checkQueueConnection(target, TEST_TIMEOUT_MS);
  } catch (error) {
    return { ok: false, message: connectionFailureWords(target, error) };
  }
  const workers = await countWorkers(target);
  return { ok: true, message: `The queue server at ${target.display} answers; ${workersWords(workers, target.connection.tls?.ca !== undefined)}.` };
}
