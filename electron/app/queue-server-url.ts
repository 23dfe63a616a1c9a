// The queue server's URL as Settings keeps it. It may hold a password, which is stored with the
// settings but never goes back to the window or the log: the window sees `***` in its place, and a URL
// sent back with `***` keeps the stored password (so editing the host or port does not lose it).
import type { Settings } from '../ipc/contract.ts';
import { trustQueueCa } from '../distributed/queue-ca.ts';
import { maskPassword, parseQueueUrl, PASSWORD_MASK, URL_PASSWORD, type QueueTarget } from '../distributed/queue-url.ts';

/** The password exactly as written in a URL (still percent-encoded), or null. */
function rawPassword(url: string): string | null {
  return URL_PASSWORD.exec(url)?.[2] ?? null;
}

/** Parses a URL from Settings; a bad one throws a DvarError naming "The queue URL". */
export function queueTargetOf(url: string): QueueTarget {
  return parseQueueUrl(url, 'The queue URL');
}

/**
 * The server to connect to: for rediss://, trusting the CA certificate of Settings when one is set, by
 * the same means as the CLI's --queue-ca (queue-ca.ts). A redis:// URL has no TLS, so the CA is unused
 * there rather than refused: switching the URL back and forth must not mean clearing it first.
 */
export function connectableTarget(url: string, caFile: string | null): QueueTarget {
  const target = queueTargetOf(url);
  return target.connection.tls && caFile !== null ? trustQueueCa(target, caFile) : target;
}

/** Null when `url` is a usable redis:// or rediss:// URL, else the sentence saying why not. */
export function queueUrlProblem(url: string): string | null {
  try {
    queueTargetOf(url);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What the window typed, with a `***` password replaced by the one stored (when there is one). */
export function withStoredPassword(typed: string, stored: string | null): string {
  const password = stored === null ? null : rawPassword(stored);
  if (password === null || rawPassword(typed) !== PASSWORD_MASK) return typed;
  return typed.replace(URL_PASSWORD, (_, head: string) => `${head}${password}@`);
}

/** The settings as the window may see them: the queue URL's password masked. */
export function settingsForWindow(settings: Settings): Settings {
  return settings.queueUrl === null ? settings : { ...settings, queueUrl: maskPassword(settings.queueUrl) };
}
