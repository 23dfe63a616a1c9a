// The web host's per-session token, as the page and its clients see it. Every request that reads or
// changes the user's data (/ws, /image, /thumb) must carry it, even on loopback: any web page the user
// visits can make the browser send requests to 127.0.0.1, but none can read our page, so the token
// travels inside the served HTML. Plain browser TypeScript: no Node imports.

/** The <meta name=…> that carries the token in the served index.html. */
export const SESSION_TOKEN_META = 'dvar-session-token';
/** The query parameter that carries it on /ws, /image and /thumb. */
export const SESSION_TOKEN_PARAM = 'token';

/** The token in a page's HTML (what the renderer's document holds), or null. */
export function sessionTokenFromHtml(html: string): string | null {
  return new RegExp(`<meta name="${SESSION_TOKEN_META}" content="([A-Za-z0-9_-]+)"`).exec(html)?.[1] ?? null;
}

/** `url` with the token added as a query parameter (relative or absolute URLs). */
export function withSessionToken(url: string, token: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${SESSION_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/** The <meta> element to put into <head>. Tokens are base64url, so nothing needs escaping. */
export function sessionTokenMeta(token: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error('A session token may only use A-Z, a-z, 0-9, _ and -.');
  return `<meta name="${SESSION_TOKEN_META}" content="${token}">`;
}
