// Who may talk to the web host. Three independent checks, each stopping a different attacker:
//   Host header    a DNS-rebinding page, whose requests name the attacker's host name;
//   Fetch Metadata another site's page, which can send the browser here (links, redirects, <img>,
//                  WebSocket) but whose requests Chromium, Firefox and Safari mark Sec-Fetch-Site:
//                  cross-site or same-site (another port of 127.0.0.1 is the same site, not our origin);
//   session token  everything else that is not our own page: the token is only in our HTML.
// Requests without Sec-Fetch-* headers (Node clients, older browsers) rely on the token alone.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackName(name: string): boolean {
  return LOOPBACK.has(name);
}

/** The host name of a Host header ("127.0.0.1:5174" → "127.0.0.1", "[::1]:80" → "[::1]"). */
export function hostnameOf(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  return hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
}

/**
 * Null when the browser says the request comes from our own origin, from the user (typed address,
 * bookmark: `none`) or from no browser at all; otherwise why it is refused. With `allowCrossSite`
 * (origins were allowed on the command line: a Vite dev server) other sites may load subresources,
 * but never navigate here.
 */
export function crossSiteRefusal(headers: IncomingHttpHeaders, allowCrossSite: boolean): string | null {
  const site = headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return null;
  if (allowCrossSite && headers['sec-fetch-mode'] !== 'navigate') return null;
  return 'DVAR Studio only answers its own page; open it by typing its address.';
}

/** Constant-time comparison, so the token cannot be found a character at a time. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
