// The web host: the same AppHost the Electron main process uses, served over HTTP and a WebSocket so
// the real renderer runs in any Chromium (Playwright tests, headless or remote use). It serves the
// built renderer (its index.html carries the session token, so it is served only to a browser that proved
// it knows the page key from the printed address: page-key.ts), photos and outputs the host allowed as
// re-encoded PNGs (GET /image?path=&token=), thumbnails from the cache (GET /thumb?file=&token=), and
// the contract on /ws?token=. A page, which cannot name paths, sends photos with POST /upload?name=&token=
// (uploads.ts checks them) and saves outputs with GET /download?path=&token=, every finished result of the
// queue as one zip with GET /download-all?token= (download-all.ts). It binds 127.0.0.1 unless
// told otherwise; request-guard.ts says which checks stop which attacker (Host header, Fetch Metadata,
// token, WebSocket and upload Origin), page-key.ts how other user accounts of this computer are kept out.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createAppHost, type AppHost, type AppHostOptions } from '../app/host.ts';
import { toRequestFailure } from '../app/host-error.ts';
import { encodeForBrowser, IMAGE_RESPONSE_HEADERS, NotAPhotoError } from '../app/browser-image.ts';
import { SESSION_TOKEN_PARAM, sessionTokenMeta, withSessionToken } from '../ipc/page-token.ts';
import { crossSiteRefusal, hostnameOf, isLoopbackName, tokenMatches } from './request-guard.ts';
import { admitToPage, loadPageKey, PAGE_KEY_PARAM } from './page-key.ts';
import { sendFile, sendText, serveRenderer } from './static-files.ts';
import { openPhotoForDownload } from '../app/checked-photo-file.ts';
import { sendOpenedPhoto } from './download-file.ts';
import { serveResultsArchive } from './download-all.ts';
import { UploadFolder, UploadRefused } from './uploads.ts';
import { pruneOldUploads, UPLOAD_RETENTION_DAYS } from './upload-pruning.ts';
import { WS_PATH, type WsEvent, type WsRequest, type WsResponse } from '../ipc/web-socket-protocol.ts';

export const DEFAULT_PORT = 5174;
export const DEFAULT_RENDERER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'renderer', 'dist');

export interface WebHostOptions {
  /** Settings, queue, thumbnails and log (the AppHost's userDataDir). */
  dataDir: string;
  /** Default 5174; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Anything else is reachable from other machines: use a token. */
  bindAddress?: string;
  rendererDir?: string;
  version?: string;
  /**
   * The session token (A-Z, a-z, 0-9, _ and -); default: a random one per start. /ws, /image, /thumb,
   * /download, /download-all and /upload need it; only the page carries it.
   */
  token?: string;
  /** The page key (page-key.ts); default: the one kept in `dataDir`, made on first start. */
  pageKey?: string;
  /** The largest photo a page may upload; default MAX_UPLOAD_BYTES (uploads.ts). */
  maxUploadBytes?: number;
  /** Origins besides the host's own allowed to open /ws (a Vite dev server, say). */
  allowedOrigins?: string[];
  log?: AppHostOptions['log'];
  /** Extra AppHost options (defaultPackDir, a store...), mainly for tests. */
  hostOptions?: Partial<AppHostOptions>;
}

export interface WebHost {
  /** http://address:port/?key=PAGE_KEY: the address to open (page-key.ts). */
  url: string;
  port: number;
  /** The session token (for clients that do not read it from the page). */
  token: string;
  host: AppHost;
  close(): Promise<void>;
}

/** A client this far behind gets no more previews until it catches up. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/**
 * A flood of requests stays bounded: one connection runs at most this many at once (thumbnails of a
 * large folder arrive together, so more wait their turn), and at most MAX_WAITING wait; the rest are
 * refused at once with a sentence.
 */
const MAX_RUNNING = 32;
const MAX_WAITING = 2048;
/** Only our own page may embed what /image and /thumb return. */
const IMAGE_HEADERS = { ...IMAGE_RESPONSE_HEADERS, 'cross-origin-resource-policy': 'same-origin' };

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const loopbackOnly = isLoopbackName(bindAddress);
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const pageTokenMeta = sessionTokenMeta(token); // throws on a token the page could not carry

  const host = await createAppHost({
    userDataDir: options.dataDir,
    hostKind: 'web',
    version: options.version ?? '0.0.0',
    imageUrl: (path) => withSessionToken(`/image?path=${encodeURIComponent(path)}`, token),
    thumbnailUrl: (file) => withSessionToken(`/thumb?file=${encodeURIComponent(basename(file))}`, token),
    log: options.log,
    ...options.hostOptions,
  });

  const pageKey = options.pageKey ?? loadPageKey(options.dataDir);
  if (!/^[A-Za-z0-9_-]+$/.test(pageKey)) throw new Error('A page key may only use A-Z, a-z, 0-9, _ and -.');
  let port = 0; // known once listening, before any request arrives

  const uploads = new UploadFolder(options.dataDir, options.maxUploadBytes);
  try {
    const pruned = await pruneOldUploads(dirname(uploads.dir), uploads.dir);
    if (pruned.removedFiles)
      options.log?.(
        'info',
        `Removed ${pruned.removedFiles} uploaded ${pruned.removedFiles === 1 ? 'copy' : 'copies'} older than ${UPLOAD_RETENTION_DAYS} days (results beside them kept).`,
      );
  } catch (error) {
    options.log?.('warn', `Could not remove old uploads: ${(error as Error).message}`);
  }

  /** Host header and Fetch Metadata; answers the refusal itself (when given `res`) and returns false. */
  function fromOurPage(req: IncomingMessage, res?: ServerResponse): boolean {
    if (loopbackOnly && !isLoopbackName(hostnameOf(req.headers.host))) {
      if (res) sendText(res, 403, 'This DVAR Studio host only answers requests addressed to 127.0.0.1 or localhost.');
      return false;
    }
    const refusal = crossSiteRefusal(req.headers, allowedOrigins.size > 0);
    if (refusal && res) sendText(res, 403, refusal);
    return refusal === null;
  }

  async function serveImage(req: IncomingMessage, res: ServerResponse, path: string | null): Promise<void> {
    // Only photos and outputs the host allowed; anything else looks the same as a missing file.
    if (!path || !host.canServe(path)) return sendText(res, 404, 'Not found.');
    const file = resolve(path);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return sendText(res, 404, 'Not found.');
    // Re-encoding costs time: a view that asks again for an unchanged file gets 304.
    const etag = `"${Math.floor(info.mtimeMs)}-${info.size}"`;
    const headers = { ...IMAGE_HEADERS, 'cache-control': 'private, no-cache', etag };
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, headers).end();
    let png: Buffer;
    try {
      png = await encodeForBrowser(file);
    } catch (error) {
      if (error instanceof NotAPhotoError) return sendText(res, 415, 'This file is not a photo DVAR Studio can show.');
      throw error;
    }
    res.writeHead(200, { ...headers, 'content-length': String(png.length) });
    res.end(req.method === 'HEAD' ? undefined : png);
  }

  async function serveThumbnail(res: ServerResponse, name: string | null): Promise<void> {
    const file = name ? join(host.thumbnailDir, basename(name)) : '';
    const size = file && host.canServe(file) ? (await stat(file).catch(() => null))?.size : undefined;
    if (size === undefined) return sendText(res, 404, 'Not found.');
    // Our own WebP encodes, content-addressed (path, mtime, size, maxSide): a name never changes meaning.
    sendFile(res, file, size, { ...IMAGE_HEADERS, 'content-type': 'image/webp', 'cache-control': 'private, max-age=31536000, immutable' });
  }

  /**
   * POST /upload?name=: the body is one photo. Besides the token: a cross-site page's simple POST (form,
   * text/plain) is refused by its content type, and any Origin but our own is refused outright.
   */
  async function receiveUpload(req: IncomingMessage, res: ServerResponse, name: string | null): Promise<void> {
    const origin = req.headers.origin;
    const ownOrigin = origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
    if (origin !== undefined && !ownOrigin && !allowedOrigins.has(origin)) return sendText(res, 403, 'DVAR Studio only accepts photos from its own page.');
    if (req.headers['content-type'] !== 'application/octet-stream') return sendText(res, 415, 'Send the photo as application/octet-stream.');
    if (!name) return sendText(res, 400, 'An upload needs the photo’s name (?name=).');
    let saved: string;
    try {
      saved = await uploads.receive(req, name);
    } catch (error) {
      if (!(error instanceof UploadRefused)) throw error;
      res.setHeader('connection', 'close'); // the rest of a refused body is not read
      return sendText(res, error.status, error.message);
    }
    options.log?.('info', `Received an upload: ${saved}`);
    const opened = await host.handle('files:add', { paths: [saved], recursive: false });
    const body = Buffer.from(JSON.stringify(opened));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(body.length) });
    res.end(body);
  }

  /** GET /download?path=: the file's own bytes as an attachment, so the browser saves and never renders it. */
  async function serveDownload(req: IncomingMessage, res: ServerResponse, path: string | null): Promise<void> {
    if (!path || !host.canServe(path)) return sendText(res, 404, 'Not found.');
    const file = resolve(path);
    // Checked again now, not only when added: it may since have become a link, a FIFO or no photo.
    const opened = await openPhotoForDownload(file);
    if (!opened) return sendText(res, 404, 'Not found.');
    const headers = {
      ...IMAGE_HEADERS,
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${basename(file).replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(basename(file))}`,
      'cache-control': 'no-store',
    };
    if (req.method === 'HEAD') {
      await opened.handle.close();
      return void res.writeHead(200, { ...headers, 'content-length': String(opened.size) }).end();
    }
    sendOpenedPhoto(res, opened, headers);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!fromOurPage(req, res)) return;
    const upload = url.pathname === '/upload';
    if (upload ? req.method !== 'POST' : req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, upload ? 'Photos are sent with POST.' : 'Only GET is supported.');
    }
    const userData = url.pathname === '/image' || url.pathname === '/thumb' || url.pathname === '/download' || url.pathname === '/download-all' || upload;
    if (userData && !tokenMatches(url.searchParams.get(SESSION_TOKEN_PARAM), token)) {
      return sendText(res, 401, "This request needs the session token of DVAR Studio's page; reload the page.");
    }
    // The page and its files, on loopback too: other accounts of this computer reach 127.0.0.1 as well.
    if (!userData && !admitToPage(req, url, res, pageKey, port)) return;
    const work =
      url.pathname === '/image'
        ? serveImage(req, res, url.searchParams.get('path'))
        : url.pathname === '/thumb'
          ? serveThumbnail(res, url.searchParams.get('file'))
          : url.pathname === '/download'
            ? serveDownload(req, res, url.searchParams.get('path'))
            : url.pathname === '/download-all'
              ? serveResultsArchive(req, res, host, IMAGE_HEADERS, options.log)
              : upload
                ? receiveUpload(req, res, url.searchParams.get('name'))
                : serveRenderer(rendererDir, url.pathname, res, pageTokenMeta);
    work.catch((error: Error) => {
      options.log?.('error', `Serving ${url.pathname} failed: ${error.stack ?? error.message}`);
      if (!res.headersSent) sendText(res, 500, 'The file could not be served.');
      else res.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    // Browsers let any page open a WebSocket to localhost; only our own page (or a listed one) may,
    // and only with the token from our HTML.
    const sameOrigin = origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
    const ok =
      url.pathname === WS_PATH &&
      fromOurPage(req) &&
      tokenMatches(url.searchParams.get(SESSION_TOKEN_PARAM), token) &&
      (origin === undefined || sameOrigin || allowedOrigins.has(origin));
    if (!ok) {
      const text = "DVAR Studio only accepts connections from its own page, with that page's token.\n";
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => connect(ws));
  });

  function connect(ws: WebSocket): void {
    const send = (message: WsResponse | WsEvent) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message));
    const off = host.on((event, payload) => {
      if (event === 'restore:progress' && ws.bufferedAmount > MAX_BUFFERED_BYTES) return; // previews are disposable
      send({ event, payload });
    });
    ws.on('close', off);
    ws.on('error', () => ws.terminate());
    let running = 0;
    const turns: Array<() => void> = [];
    ws.on('message', (data, isBinary) => void answer(data, isBinary));
    async function answer(data: RawData, isBinary: boolean): Promise<void> {
      let request: WsRequest;
      try {
        if (isBinary || !Buffer.isBuffer(data)) throw new Error('binary');
        request = JSON.parse(data.toString('utf8')) as WsRequest;
        if (typeof request !== 'object' || request === null || typeof request.channel !== 'string') throw new Error('shape');
        if (typeof request.id !== 'string' && typeof request.id !== 'number') throw new Error('shape');
      } catch {
        const message = 'A request must be a JSON text message {id, channel, payload}.';
        send({ id: null, ok: false, error: { message, code: 'INVALID_REQUEST' } });
        return;
      }
      if (running >= MAX_RUNNING) {
        if (turns.length >= MAX_WAITING) {
          const message = `DVAR Studio already has ${MAX_RUNNING + MAX_WAITING} requests from this page to answer; wait for them and try again.`;
          send({ id: request.id, ok: false, error: { message, code: 'BUSY' } });
          return;
        }
        await new Promise<void>((turn) => turns.push(turn)); // a finishing request hands over its slot
      } else running++;
      try {
        send({ id: request.id, ok: true, result: await host.handle(request.channel, request.payload) });
      } catch (error) {
        send({ id: request.id, ok: false, error: toRequestFailure(error, request.channel) });
      } finally {
        const next = turns.shift();
        if (next) next();
        else running--;
      }
    }
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, bindAddress, () => {
      server.off('error', reject);
      resolveListen();
    });
  }).catch(async (error: NodeJS.ErrnoException) => {
    await host.close();
    if (error.code === 'EADDRINUSE') {
      throw new Error(`Port ${options.port ?? DEFAULT_PORT} is in use; pass --port with another number (or 0 for any free port).`);
    }
    throw error;
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
  const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}/?${PAGE_KEY_PARAM}=${pageKey}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    token,
    host,
    close() {
      closing ??= (async () => {
        for (const client of sockets.clients) client.close(1001, 'The host is shutting down.');
        sockets.close();
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
        await host.close();
      })();
      return closing;
    },
  };
}
