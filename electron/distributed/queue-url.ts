// The `--queue` URL: redis://[[user]:password@]host[:port][/db] or rediss://… (TLS), parsed into the
// connection options BullMQ hands to ioredis. Parsed here rather than passed through so a typo gets one
// sentence before anything connects, and so logs can show the URL without its password.
import { isIP } from 'node:net';
import { DvarError } from '../engine/definitions.ts';

export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /**
   * Present for rediss://: ioredis then speaks TLS and checks that the server's certificate names the
   * host (`servername` for a host name; an IP address is checked as itself, since SNI carries no
   * addresses and Node warns when given one). `ca` replaces the system's CAs (queue-ca.ts).
   */
  tls?: { servername?: string; ca?: string };
  /** Workers block on Redis; BullMQ needs ioredis to retry their commands for ever, not give up after 20. */
  maxRetriesPerRequest: null;
  /** Reconnect after Redis restarts or the network drops: quickly at first, then every 2 s at most. */
  retryStrategy: (attempt: number) => number;
}

export interface QueueTarget {
  connection: QueueConnection;
  /** The URL with the password replaced by ***, for messages and logs. */
  display: string;
}

const DEFAULT_PORT = 6379;

/** `label`: how the sentence names the value (the CLI's `--queue`, the app's "The queue URL"). */
function invalid(text: string, why: string, label: string): DvarError {
  return new DvarError('USAGE', `${label} ${maskPassword(text)} is not a Redis URL (${why}); write redis://HOST:PORT or rediss://HOST:PORT for TLS.`);
}

/** What a printed or shown URL has in its password's place. */
export const PASSWORD_MASK = '***';

/** A URL's `scheme://user:` head (group 1) and its password as written, still percent-encoded (group 2). */
export const URL_PASSWORD = /^(rediss?:\/\/[^:@/]*:)([^@/]*)@/i;

/** The URL as given with any password replaced, so it can be printed. */
export function maskPassword(text: string): string {
  return text.replace(URL_PASSWORD, `$1${PASSWORD_MASK}@`);
}

export function parseQueueUrl(text: string, label = '--queue'): QueueTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(text, 'it does not parse as a URL', label);
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme !== 'redis:' && scheme !== 'rediss:') throw invalid(text, `the scheme is ${url.protocol.replace(/:$/, '')}`, label);
  const host = url.hostname.replace(/^\[|\]$/g, ''); // IPv6 literals come bracketed
  if (!host) throw invalid(text, 'it names no host', label);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw invalid(text, `the database "${dbText}" is not a number`, label);
  if (url.search || url.hash) throw invalid(text, 'it has a query or fragment, which this option does not read', label);
  const connection: QueueConnection = {
    host,
    port,
    db: dbText === '' ? 0 : Number(dbText),
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  };
  if (url.username) connection.username = decodeURIComponent(url.username);
  if (url.password) connection.password = decodeURIComponent(url.password);
  if (scheme === 'rediss:') connection.tls = isIP(host) ? {} : { servername: host };
  return { connection, display: maskPassword(text) };
}
