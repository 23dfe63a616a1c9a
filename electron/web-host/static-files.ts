// Serves the built renderer (renderer/dist from `vite build`): files by extension, index.html for
// app routes (with the session token's <meta> put into its <head>), nothing outside the folder.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, RENDERER_CONTENT_TYPES } from '../app/renderer-policy.ts';

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}

export function sendFile(res: ServerResponse, file: string, size: number, headers: Record<string, string>): void {
  res.writeHead(200, { 'content-length': String(size), 'x-content-type-options': 'nosniff', ...headers });
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

async function fileSize(path: string): Promise<number | null> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? info.size : null;
}

/** index.html with `headTags` as the first elements of <head> (before any script can run). */
export function withHeadTags(html: string, headTags: string): string {
  const head = /<head[^>]*>/i.exec(html);
  return head ? `${html.slice(0, head.index + head[0].length)}${headTags}${html.slice(head.index + head[0].length)}` : `${headTags}${html}`;
}

/** `pageHeadTags` go into every HTML page served (the session token's <meta>). */
export async function serveRenderer(rendererDir: string, pathname: string, res: ServerResponse, pageHeadTags = ''): Promise<void> {
  const root = resolve(rendererDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'Bad path.');
  }
  let file = resolve(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) return sendText(res, 404, 'Not found.');
  if (relative(root, file) === '' || decoded.endsWith('/')) file = join(file, 'index.html');
  let size = await fileSize(file);
  if (size === null && extname(decoded) === '') {
    file = join(root, 'index.html'); // an app route: the single page handles it
    size = await fileSize(file);
  }
  if (size === null) {
    if (!(await stat(join(root, 'index.html')).catch(() => null))) {
      return sendText(res, 503, `The renderer is not built: ${join(root, 'index.html')} is missing; run "npx vite build" in renderer/ or pass --renderer.`);
    }
    return sendText(res, 404, 'Not found.');
  }
  const type = RENDERER_CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = { 'content-type': type };
  if (type.startsWith('text/html')) {
    // no-store: the page holds this session's token, which must not outlive the session in a cache.
    Object.assign(headers, {
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
    });
    const page = Buffer.from(withHeadTags(await readFile(file, 'utf8'), pageHeadTags));
    res.writeHead(200, { ...headers, 'content-length': String(page.length) });
    return void res.end(page);
  } else {
    // Vite names built assets by content hash; everything else is revalidated.
    headers['cache-control'] = decoded.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  }
  sendFile(res, file, size, headers);
}
