// Opens the web host's page the way its user does: the printed address (with the page key) answers
// with a cookie and a redirect to the clean address, which then serves the page. What Node clients of
// the tests use to read the session token out of the page, as the renderer does.
import { sessionTokenFromHtml } from '../../electron/ipc/page-token.ts';

export interface OwnPage {
  status: number;
  html: string;
  /** `name=value` of the page-key cookie the host set. */
  cookie: string;
  /** The session token in the page, or null. */
  token: string | null;
}

/** Follows the printed address (`http://127.0.0.1:PORT/?key=...`) with the cookie a browser would keep. */
export async function openOwnPage(address: string): Promise<OwnPage> {
  const first = await fetch(address, { redirect: 'manual' });
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
  const location = first.headers.get('location');
  if (first.status !== 303 || !location || !cookie) {
    return { status: first.status, html: await first.text(), cookie: '', token: null };
  }
  const page = await fetch(new URL(location, address), { headers: { cookie } });
  const html = await page.text();
  return { status: page.status, html, cookie, token: sessionTokenFromHtml(html) };
}
