// The window's security policy as plain data and predicates, so it is unit-tested without Electron:
// the renderer loads from our own `app://dvar` origin (a custom protocol, because a session header
// cannot put a CSP on file:// pages), images come through `dvar-image:`, nothing remote ever loads.

/** The privileged scheme and host that serve renderer/dist. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://dvar`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
// The one Content-Security-Policy of the renderer (also the web host's and index.html's), and the
// image scheme's name, live with the rest of the renderer's serving policy.
import { CONTENT_SECURITY_POLICY, IMAGE_SCHEME } from '../app/renderer-policy.ts';

export { CONTENT_SECURITY_POLICY, IMAGE_SCHEME };

/** Adds the CSP to a response's headers (for session.webRequest.onHeadersReceived). */
export function withCspHeader(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const kept = Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'));
  return { ...kept, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}

/** The one window's webPreferences: an isolated, sandboxed renderer that reaches Node only via preload. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for URLs of our own renderer: the only pages a window may show or that may call IPC. */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'dvar';
}

/** Navigation inside the app (a reload of our own page) is fine; everything else is blocked. */
export const isAllowedNavigation = isAppUrl;

/**
 * A link the user clicked that should open in their browser instead (window.open and target=_blank
 * are always denied inside the app). Only https: so no `file:`, `smb:` or custom handler can be
 * launched from page content.
 */
export function externalLinkTarget(url: string): string | null {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' ? parsed.href : null;
}
