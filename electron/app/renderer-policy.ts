// How the renderer's files are served, for both hosts (Electron's app:// protocol and the web host's
// HTTP server) and the page itself: one Content-Security-Policy and one table of content types.
// renderer/vite.config.ts writes the same policy into index.html's <meta>, so no copy can drift.
import { PHOTO_TYPES } from '../image-files/index.ts';

/** The scheme that serves photos, outputs and thumbnails in Electron (main/protocol.ts). */
export const IMAGE_SCHEME = 'dvar-image';

/**
 * Local code only: scripts and styles from our origin, images also as data:/blob: and through the
 * image scheme, connections to our origin only ('self' covers the web host's WebSocket), nothing framed.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', `'self' data: blob: ${IMAGE_SCHEME}:`],
  ['connect-src', "'self'"],
  ['font-src', "'self'"],
  ['media-src', "'none'"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['worker-src', "'none'"],
  ['frame-ancestors', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** Directives a <meta> policy cannot carry (browsers ignore them there and warn). */
const HEADER_ONLY = new Set(['frame-ancestors']);

/** The policy both hosts send as a response header. */
export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** The same policy for index.html's <meta http-equiv>. */
export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name))
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

/** Content types of the renderer's built files and of the photos the hosts serve. */
export const RENDERER_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  ...PHOTO_TYPES,
};
