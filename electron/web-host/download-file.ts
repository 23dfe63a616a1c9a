// GET /download hands out a file's own bytes: the file is opened and checked at serve time
// (app/checked-photo-file.ts: not a link, a regular file, a photo format), and the bytes sent come from
// the handle checked, no more than the size it had then.
import type { ServerResponse } from 'node:http';
import type { OpenedPhoto } from '../app/checked-photo-file.ts';

/** Sends the checked file's bytes (no more than the size it had when checked) and closes it. */
export function sendOpenedPhoto(res: ServerResponse, opened: OpenedPhoto, headers: Record<string, string>): void {
  res.writeHead(200, { 'content-length': String(opened.size), 'x-content-type-options': 'nosniff', ...headers });
  const stream = opened.handle.createReadStream({ start: 0, end: Math.max(opened.size - 1, 0), autoClose: true });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
