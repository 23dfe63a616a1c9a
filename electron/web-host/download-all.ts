// GET /download-all: every finished result of the batch queue as one zip (app/results-archive.ts),
// streamed as it is written, so the browser saves it and nothing sits in memory. Which files: the
// outputs of the queue's done and skipped photos that the host may serve (canServe, as /download asks);
// each is checked again when it is read (app/checked-photo-file.ts: not a link, a regular file, a
// photo format) and left out, with a log line, when it fails. Its length is known only at the end, so
// the response is chunked; when something fails half-way the connection is cut without the last chunk,
// and the browser reports a failed download instead of keeping a zip that looks whole.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppHost } from '../app/host.ts';
import type { LogLevel } from '../app/host-log.ts';
import { archiveFileName, finishedResults, resultsArchive } from '../app/results-archive.ts';
import { sendText } from './static-files.ts';

/** `headers`: what every file response of the web host carries (nosniff, the sandbox CSP, CORP). */
export async function serveResultsArchive(
  req: IncomingMessage,
  res: ServerResponse,
  host: AppHost,
  headers: Record<string, string>,
  log?: (level: LogLevel, message: string) => void,
): Promise<void> {
  const queue = await host.handle('queue:get', {});
  const paths = finishedResults(queue.items).filter((path) => host.canServe(path));
  if (paths.length === 0) return sendText(res, 404, 'No photo in the queue has a finished result yet.');
  res.writeHead(200, {
    ...headers,
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${archiveFileName()}"`,
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  const archive = resultsArchive(paths, queue.outputDir, {
    onLeftOut: (path) => log?.('warn', `Download all left out ${path}: it is no longer a photo file.`),
  });
  try {
    await pipeline(Readable.from(archive), res);
  } catch (error) {
    res.destroy();
    // A browser that cancels the download closes the connection: nothing went wrong here.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') log?.('warn', `Download all stopped: ${(error as Error).message}`);
  }
}
