// The web host: the same AppHost the Electron main process uses, served over HTTP and a WebSocket so
// the real renderer runs in any Chromium (Playwright tests, headless or remote use). It serves the
// built renderer, originals and outputs the host has seen (GET /image?path=), thumbnails from the
// cache (GET /thumb?file=), and the contract on /ws. It binds 127.0.0.1 unless told otherwise, checks
// Host and Origin headers (DNS rebinding, other web pages), and can require a token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { createAppHost, type AppHost, type AppHostOptions } from '../app/host.ts';
import { toRequestFailure } from '../app/host-error.ts';
import { needsBrowserConversion, toBrowserPng } from '../app/browser-image.ts';
import { CONTENT_TYPES, sendFile, sendText, serveRenderer } from './static-files.ts';
import { WS_PATH, type WsEvent, type WsRequest, type WsResponse } from './protocol.ts';

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
  /** When set, every request needs it once (?token=) and then carries it as a cookie. */
  token?: string;
  /** Origins besides the host's own allowed to open /ws (a Vite dev server, say). */
  allowedOrigins?: string[];
  log?: AppHostOptions['log'];
  /** Extra AppHost options (defaultPackDir, a store...), mainly for tests. */
  hostOptions?: Partial<AppHostOptions>;
}

export interface WebHost {
  /** http://address:port/ (with ?token= when a token is required). */
  url: string;
  port: number;
  host: AppHost;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
/** A client this far behind gets no more previews until it catches up. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const TOKEN_COOKIE = 'dvar-token';

function hostnameOf(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  return hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const loopbackOnly = LOOPBACK.has(bindAddress);
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);

  const host = await createAppHost({
    userDataDir: options.dataDir,
    hostKind: 'web',
    version: options.version ?? '0.0.0',
    imageUrl: (path) => `/image?path=${encodeURIComponent(path)}`,
    thumbnailUrl: (file) => `/thumb?file=${encodeURIComponent(basename(file))}`,
    log: options.log,
    ...options.hostOptions,
  });

  /** Host header (DNS rebinding) and token; answers the refusal itself and returns false. */
  function admitted(req: IncomingMessage, url: URL, res?: ServerResponse): boolean {
    if (loopbackOnly && !LOOPBACK.has(hostnameOf(req.headers.host))) {
      res && sendText(res, 403, 'This DVAR Studio host only answers requests addressed to 127.0.0.1 or localhost.');
      return false;
    }
    if (!options.token) return true;
    if (cookie(req, TOKEN_COOKIE) === options.token) return true;
    if (url.searchParams.get('token') === options.token) {
      res?.setHeader('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`);
      return true;
    }
    res && sendText(res, 401, 'This DVAR Studio host needs its token: open the address it printed when it started.');
    return false;
  }

  async function serveImage(res: ServerResponse, path: string | null): Promise<void> {
    // Only originals and outputs the host has seen; anything else looks the same as a missing file.
    if (!path || !host.canServe(path)) return sendText(res, 404, 'Not found.');
    const file = resolve(path);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return sendText(res, 404, 'Not found.');
    const extension = extname(file).toLowerCase();
    const headers = { 'cache-control': 'no-cache', 'last-modified': info.mtime.toUTCString() };
    if (needsBrowserConversion(file)) {
      const png = await toBrowserPng(file);
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length), ...headers });
      return void res.end(png);
    }
    sendFile(res, file, info.size, { 'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream', ...headers });
  }

  async function serveThumbnail(res: ServerResponse, name: string | null): Promise<void> {
    const file = name ? join(host.thumbnailDir, basename(name)) : '';
    const size = file && host.canServe(file) ? (await stat(file).catch(() => null))?.size : undefined;
    if (size === undefined) return sendText(res, 404, 'Not found.');
    // Content-addressed (path, mtime, size, maxSide): a name never changes meaning.
    sendFile(res, file, size, { 'content-type': 'image/webp', 'cache-control': 'private, max-age=31536000, immutable' });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!admitted(req, url, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Only GET is supported.');
    const work =
      url.pathname === '/image'
        ? serveImage(res, url.searchParams.get('path'))
        : url.pathname === '/thumb'
          ? serveThumbnail(res, url.searchParams.get('file'))
          : serveRenderer(rendererDir, url.pathname, res);
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
    // Browsers let any page open a WebSocket to localhost; only our own page (or a listed one) may.
    const sameOrigin = origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
    const ok = url.pathname === WS_PATH && admitted(req, url) && (origin === undefined || sameOrigin || allowedOrigins.has(origin));
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
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
    ws.on('message', async (data, isBinary) => {
      let request: WsRequest;
      try {
        if (isBinary) throw new Error('binary');
        request = JSON.parse(data.toString());
        if (typeof request !== 'object' || request === null || typeof request.channel !== 'string') throw new Error('shape');
        if (typeof request.id !== 'string' && typeof request.id !== 'number') throw new Error('shape');
      } catch {
        const message = 'A request must be a JSON text message {id, channel, payload}.';
        return send({ id: null, ok: false, error: { message, code: 'INVALID_REQUEST' } });
      }
      try {
        send({ id: request.id, ok: true, result: await host.handle(request.channel, request.payload) });
      } catch (error) {
        send({ id: request.id, ok: false, error: toRequestFailure(error, request.channel) });
      }
    });
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
  const { port } = server.address() as AddressInfo;
  const shownHost = bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
  const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}/${options.token ? `?token=${encodeURIComponent(options.token)}` : ''}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
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
