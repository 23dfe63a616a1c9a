// "Download all": every finished result of the batch queue as one zip. Which files (the outputs of done
// and skipped photos, each once), what they are called inside the archive, and the archive itself,
// each file checked as it is read (checked-photo-file.ts). The web host streams it to the browser
// (web-host/download-all.ts); the desktop app writes it where the user chose (save-results.ts).
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import type { QueueItem } from '../ipc/contract.ts';
import { isInsideFolder } from '../jobs/index.ts';
import { openPhotoForDownload } from './checked-photo-file.ts';
import { pathKey } from './output-plan.ts';
import type { ZipLimits } from './zip-records.ts';
import { zipStream, type ZipFile } from './zip-stream.ts';

const READ_CHUNK = 1024 * 1024;

/** The output of every finished photo (restored, or skipped because its result was there), each once, in queue order. */
export function finishedResults(items: ReadonlyArray<Pick<QueueItem, 'status' | 'output'>>): string[] {
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const item of items) {
    if ((item.status !== 'done' && item.status !== 'skipped') || !item.output) continue;
    const path = resolve(item.output);
    if (seen.has(pathKey(path))) continue; // a photo queued twice points at one result
    seen.add(pathKey(path));
    paths.push(path);
  }
  return paths;
}

/** `dvar-results-2026-01-31.zip`: what the archive is offered as. */
export function archiveFileName(now = new Date()): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `dvar-results-${day}.zip`;
}

/**
 * Each result's name inside the archive, keeping the folders that tell results apart: relative to the
 * output folder when every result is inside it, else to the deepest folder they all share. Two photos
 * called the same in different folders so keep their subfolders (`2019/a-dvar-x4.png`,
 * `2020/a-dvar-x4.png`). Names that differ only in case, which would collide when unpacked on Windows
 * or macOS, get -2, -3... as output names do.
 */
export function archiveNames(paths: readonly string[], outputDir: string | null): string[] {
  const files = paths.map((path) => resolve(path));
  const output = outputDir ? resolve(outputDir) : null;
  const root = output && files.every((file) => isInsideFolder(output, file)) ? output : sharedFolder(files.map((file) => dirname(file)));
  const taken = new Set<string>();
  return files.map((file) => {
    const name = (root ? relative(root, file) : withoutRoot(file)).split(sep).join('/');
    let unique = name;
    const extension = extname(name);
    for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = `${name.slice(0, name.length - extension.length)}-${n}${extension}`;
    taken.add(unique.toLowerCase());
    return unique;
  });
}

export interface ResultsArchiveOptions {
  limits?: ZipLimits;
  /** Told of each result left out because it is no longer a photo file (gone, replaced, a link now). */
  onLeftOut?(path: string): void;
}

/** The zip of `paths` (finishedResults), named by archiveNames, streamed a chunk at a time. */
export function resultsArchive(paths: readonly string[], outputDir: string | null, options: ResultsArchiveOptions = {}): AsyncGenerator<Buffer> {
  const names = archiveNames(paths, outputDir);
  const pathOf = new Map(names.map((name, i) => [name, resolve(paths[i]!)]));
  const sources = names.map((name) => ({ name, open: () => openResult(pathOf.get(name)!) }));
  return zipStream(sources, { limits: options.limits, onLeftOut: (name) => options.onLeftOut?.(pathOf.get(name)!) });
}

/** The result opened and checked now; its bytes read from the checked handle, no more than its size then. */
async function openResult(path: string): Promise<ZipFile | null> {
  const opened = await openPhotoForDownload(path);
  if (!opened) return null;
  const { handle, size, modified } = opened;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let position = 0; position < size;) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return; // shorter now than when checked: what is there is stored
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }
  return { size, modified, chunks: chunks(), close: () => handle.close().catch(() => undefined) };
}

/** The deepest folder holding all of `folders`, or null when there is none (Windows: several drives). */
function sharedFolder(folders: string[]): string | null {
  let shared = folders[0]!;
  while (!folders.every((folder) => folder === shared || isInsideFolder(shared, folder))) {
    const up = dirname(shared);
    if (up === shared) return null;
    shared = up;
  }
  return shared;
}

/** A full path as a relative name, for results on different drives: `C:\a\b.png` → `C/a/b.png`. */
function withoutRoot(file: string): string {
  const name = file.replace(/^([A-Za-z]):/, '$1').replace(/^[\\/]+/, '');
  return name || basename(file);
}
