// The two privileged schemes, as fetch-style handlers (Electron's protocol.handle takes a
// (Request) => Response function, so these run unchanged under Node's Request/Response in tests).
//   app://dvar/...           renderer/dist, with the CSP header; nothing outside that folder.
//   dvar-image://file/<id>/  a photo, output or thumbnail: only files the host turned into a URL
//                            (imageUrl/thumbnailUrl) and still allows (canServe) when they are fetched;
//                            ids are random, so no path can be guessed or forged. Never a file's own
//                            bytes: each is decoded as a photo and re-encoded as PNG (browser-image.ts).
import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, extname, resolve, sep } from 'node:path';
import { encodeForBrowser, IMAGE_RESPONSE_HEADERS, NotAPhotoError } from '../app/browser-image.ts';
import { PHOTO_TYPES } from '../image-files/index.ts';
import { RENDERER_CONTENT_TYPES } from '../app/renderer-policy.ts';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, IMAGE_SCHEME, isAppUrl } from './security.ts';
import type { SchemePrivileges } from './electron-api.ts';

/** For protocol.registerSchemesAsPrivileged, before app ready. */
export const PRIVILEGED_SCHEMES: Array<{ scheme: string; privileges: SchemePrivileges }> = [
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  { scheme: IMAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
];

/** Image types served by dvar-image (the photo formats the engine reads and writes). */
export const IMAGE_TYPES = PHOTO_TYPES;

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

function isReadMethod(request: Request): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

/** Shown instead of the UI when renderer/dist has not been built (a development checkout). */
const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>DVAR Studio</title>
<p>The interface has not been built yet: run <code>npm run build:renderer</code>, then start the app again.</p>`;

/** Serves `rootDir` (renderer/dist) under app://dvar/, with the CSP on every response. */
export function createAppFileHandler(rootDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rootDir);
  const headers = (type: string) => ({
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  return async (request) => {
    if (!isAppUrl(request.url)) return textResponse(404, 'Not found.');
    const url = new URL(request.url);
    if (!isReadMethod(request)) return textResponse(405, 'Only GET is supported.');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return textResponse(400, 'Bad path.');
    }
    if (pathname.includes('\0')) return textResponse(400, 'Bad path.');
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = resolve(root, `.${pathname}`);
    if (!file.startsWith(root + sep)) return textResponse(404, 'Not found.');
    const type = RENDERER_CONTENT_TYPES[extname(file).toLowerCase()];
    if (!type) return textResponse(404, 'Not found.');
    try {
      return new Response(request.method === 'HEAD' ? null : await readFile(file), { headers: headers(type) });
    } catch {
      if (pathname === '/index.html') return new Response(NOT_BUILT_PAGE, { status: 503, headers: headers(RENDERER_CONTENT_TYPES['.html']!) });
      return textResponse(404, 'Not found.');
    }
  };
}

export interface ImageUrls {
  /** For the host: a URL for a photo or output it decided the renderer may see. */
  imageUrl: (path: string) => string;
  /** For the host: a URL for a thumbnail in its cache. */
  thumbnailUrl: (cacheFile: string) => string;
  /** The dvar-image: protocol handler. */
  handle: (request: Request) => Promise<Response>;
}

export interface ImageUrlOptions {
  /** Asked again on every fetch (AppHost.canServe): the host's word is final. */
  canServe?: (path: string) => boolean;
  /** How many URLs stay valid: an older id stops resolving (the renderer asks the host again). */
  capacity?: number;
}

/** Mints and serves dvar-image URLs. The same path keeps its id, so the browser cache works. */
export function createImageUrls({ canServe = () => true, capacity = 20_000 }: ImageUrlOptions = {}): ImageUrls {
  const pathById = new Map<string, string>();
  const idByPath = new Map<string, string>();

  const mint = (path: string): string => {
    const file = resolve(path);
    let id = idByPath.get(file);
    if (id) {
      pathById.delete(id); // re-insert: most recently used last
    } else {
      id = randomBytes(12).toString('base64url');
      idByPath.set(file, id);
    }
    pathById.set(id, file);
    if (pathById.size > capacity) {
      const [oldId, oldPath] = pathById.entries().next().value!;
      pathById.delete(oldId);
      idByPath.delete(oldPath);
    }
    // The modification time busts the cache when an output is rewritten under the same name.
    let version = '';
    try {
      version = `?v=${Math.floor(statSync(file).mtimeMs)}`;
    } catch {
      // Not there (yet): the request will answer 404.
    }
    return `${IMAGE_SCHEME}://file/${id}/${encodeURIComponent(basename(file))}${version}`;
  };

  const handle = async (request: Request): Promise<Response> => {
    if (!isReadMethod(request)) return textResponse(405, 'Only GET is supported.');
    const url = new URL(request.url);
    const id = url.pathname.split('/')[1] ?? '';
    const file = url.host === 'file' ? pathById.get(id) : undefined;
    if (!file) return textResponse(404, 'This image is not available; ask the app for it again.');
    if (!canServe(file)) return textResponse(403, 'This file is not one the app may show.');
    // Images are embedded, never opened as a page (the window's navigation guard also stops that).
    if (request.headers.get('sec-fetch-mode') === 'navigate') return textResponse(403, 'Images are only shown inside the app.');
    const extension = extname(file).toLowerCase();
    if (!IMAGE_TYPES[extension]) return textResponse(403, 'Only image files are served.');
    // No Cross-Origin-Resource-Policy here (the web host sends same-origin): the page (app://dvar) and
    // the images (dvar-image://file) are different origins, no other origin exists in this session,
    // and whether Chromium would then block our own <img> loads could not be checked without Electron.
    const headers = (bytes: number) => ({
      ...IMAGE_RESPONSE_HEADERS,
      'content-length': String(bytes),
      'cache-control': 'private, max-age=31536000, immutable',
      // Lets the renderer draw it into a canvas (before/after views) without tainting it.
      'access-control-allow-origin': APP_ORIGIN,
    });
    try {
      const info = await stat(file);
      if (!info.isFile()) return textResponse(404, 'Not found.');
      const png = await encodeForBrowser(file);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(png), { headers: headers(png.length) });
    } catch (error) {
      if (error instanceof NotAPhotoError) return textResponse(415, 'This file is not a photo the app can show.');
      return textResponse(404, 'Not found.');
    }
  };

  return { imageUrl: mint, thumbnailUrl: mint, handle };
}
