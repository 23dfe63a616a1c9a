// Who may load the web host's page. Any program on this computer can connect to 127.0.0.1, including
// those of other user accounts, and the page carries the session token that opens /ws, /image,
// /download and /upload. So the page is served only to a browser that proved it knows the page key:
// the key is in the address the host prints (`/?key=`) and in `<data>/web-host.url`, both readable by
// the user who started the host alone. The first request with the key gets an HttpOnly, SameSite=Strict
// cookie and is redirected to the same address without the key (so the key leaves the address bar and
// the history); later requests show the cookie. The key is kept in the data folder (0600), so a tab
// left open reconnects to a restarted host; deleting `web-host.key` makes a new one.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../app/private-files.ts';
import { tokenMatches } from './request-guard.ts';

/** The query parameter of the printed address that carries the key. */
export const PAGE_KEY_PARAM = 'key';
export const PAGE_KEY_FILE = 'web-host.key';
const KEY_SHAPE = /^[A-Za-z0-9_-]{32,128}$/;

/** The key kept in `dataDir`, or a new one written there (0600) when there is none or it is malformed. */
export function loadPageKey(dataDir: string): string {
  const file = join(dataDir, PAGE_KEY_FILE);
  let kept = '';
  try {
    kept = readFileSync(file, 'utf8').trim();
  } catch {
    // none yet
  }
  if (KEY_SHAPE.test(kept)) {
    chmodSync(file, PRIVATE_FILE_MODE); // a file from before the data folder was private
    return kept;
  }
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
  return key;
}

/**
 * Cookies are scoped by host name, not port: one name per port keeps two hosts on 127.0.0.1 from
 * overwriting each other's cookie.
 */
export function pageKeyCookieName(port: number): string {
  return `dvar-key-${port}`;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export const PAGE_REFUSAL =
  'This DVAR Studio host only serves the user who started it: open the address it printed when it started (it is also in web-host.url in its data folder).';

/**
 * True when the request may have the page (its cookie holds the key). A request with the right
 * `?key=` is answered here with the cookie and a redirect to the same address without the key; any
 * other request is answered with 401 and one sentence. Both return false: the caller is done.
 */
export function admitToPage(req: IncomingMessage, url: URL, res: ServerResponse, key: string, port: number): boolean {
  const name = pageKeyCookieName(port);
  if (tokenMatches(cookie(req, name), key)) return true;
  if (tokenMatches(url.searchParams.get(PAGE_KEY_PARAM), key)) {
    const clean = new URL(url);
    clean.searchParams.delete(PAGE_KEY_PARAM);
    res.writeHead(303, {
      location: `${clean.pathname}${clean.search}`,
      'set-cookie': `${name}=${key}; HttpOnly; SameSite=Strict; Path=/`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-type': 'text/plain; charset=utf-8',
    });
    res.end('Opening DVAR Studio.\n');
    return false;
  }
  res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${PAGE_REFUSAL}\n`);
  return false;
}
