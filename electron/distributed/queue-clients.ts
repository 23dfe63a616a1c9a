// The Redis connections behind one set of BullMQ objects (a queue, its event stream, a worker), kept
// here so they can always be closed. ioredis retries a server that is gone for ever (right during an
// outage), and once it is between retries its `disconnect()` never ends the connection: BullMQ's
// `close()` then waits for an 'end' that never comes. So a client made here stops retrying once closing
// starts (the next failed attempt ends it, flushing what waited with "Connection is closed."), close
// waits for every client to be either connected or ended before letting BullMQ close, and a deadline
// disconnects whatever is left. Nothing on the server is touched: jobs stay there for the next start.
import { Redis, type RedisOptions } from 'ioredis';
import type { QueueConnection } from './queue-url.ts';

/** Statuses in which a client is neither usable nor finished: it waits for a server. */
const IN_BETWEEN = new Set(['connecting', 'connect', 'reconnecting', 'close']);

/** Options of a client that answers as ioredis always has (no RESP3 reply mapping). */
type ClientOptions = RedisOptions & { replyMapping?: 'legacy' };

/** An ioredis client whose copies (BullMQ duplicates one per blocking connection) join the same set. */
class TrackedRedis extends Redis {
  constructor(
    options: ClientOptions,
    private readonly joined: (client: Redis) => void,
  ) {
    super(options);
    joined(this);
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    return new TrackedRedis({ ...this.options, ...override } as ClientOptions, this.joined) as Redis;
  }
}

export interface CloseOptions {
  /** Longest wait for BullMQ's own close before its connections are cut; none for a worker finishing photos. */
  deadlineMs?: number;
}

/** How long a submitter or the app, which only follow jobs, wait for BullMQ's own close before cutting
 * its connections (a worker waits without a deadline: it may be finishing photos). */
export const FOLLOWER_CLOSE_DEADLINE_MS = 5000;

/** Long enough for one more connection attempt (retries are at most 2 s apart, connecting times out at 10 s). */
const SETTLE_MS = 15_000;

export class QueueClients {
  private readonly clients = new Set<Redis>();
  private stopping = false;
  /** The client to give BullMQ's `connection` option; BullMQ leaves it open, close() ends it. */
  readonly client: Redis;

  constructor(connection: QueueConnection) {
    const retry = connection.retryStrategy;
    const options: ClientOptions = {
      ...connection,
      // Connected by what uses it (BullMQ connects its own copies), so a worker holds no idle extra one.
      lazyConnect: true,
      // Not retrying ends the client (status 'end'): what waited on it fails instead of waiting for ever.
      retryStrategy: (attempt) => (this.stopping ? null : retry(attempt)),
    };
    this.client = new TrackedRedis(options, (client) => this.clients.add(client));
    // BullMQ listens on its own duplicates; the shared client's errors reach its Queue's 'error' event too.
    this.client.on('error', () => undefined);
  }

  /**
   * Stops reconnecting, then runs `closeUsers` (the BullMQ objects' close) once no client waits for a
   * server, and ends every client. Connections that are up stay up until BullMQ closes them, so a worker
   * still finishes the photos in hand while its Redis answers.
   */
  async close(closeUsers: () => Promise<unknown>, options: CloseOptions = {}): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.clients].map((client) => settled(client, SETTLE_MS)));
    const closed = closeUsers().catch(() => undefined);
    await (options.deadlineMs === undefined ? closed : Promise.race([closed, delay(options.deadlineMs)]));
    await Promise.all([...this.clients].map((client) => end(client)));
  }
}

/** Resolves once `client` is connected or ended, or after `ms`. */
function settled(client: Redis, ms: number): Promise<void> {
  return IN_BETWEEN.has(client.status) ? reached(client, ['ready', 'end'], ms) : Promise.resolve();
}

/** Resolves on the first of `events`, or after `ms`. */
function reached(client: Redis, events: Array<'ready' | 'end'>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const event of events) client.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const event of events) client.on(event, done);
  });
}

/**
 * A connected client says goodbye (QUIT, after its pending replies) and is awaited until its socket
 * closed; any other is cut (one between retries has no socket left, so nothing to await).
 */
async function end(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') return client.disconnect();
  const ended = reached(client, ['end'], SETTLE_MS);
  client.quit().catch(() => undefined);
  await ended;
  if ((client.status as string) !== 'end') client.disconnect(); // QUIT got no answer in time
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
