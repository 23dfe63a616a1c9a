// The renderer reaches files only through the host: it adds photos (which the host probes), asks for
// thumbnails and image URLs, and reveals outputs. Only inputs that probed as photos (probe-photo.ts)
// and outputs the host wrote may be shown, so a URL scheme or web server built on `canServe` never
// hands out arbitrary files. Typed paths may use `~` or be relative to the home folder (user-path.ts).
import { resolve } from 'node:path';
import type { FileEntry } from '../ipc/contract.ts';
import { collectInputs } from '../jobs/index.ts';
import { HostError } from './host-error.ts';
import { pathKey } from './output-plan.ts';
import { probePhoto } from './probe-photo.ts';
import type { ThumbnailCache } from './thumbnails.ts';
import { expandUserPath } from './user-path.ts';
import pLimit from 'p-limit';

export interface FilesHooks {
  imageUrl(path: string): string;
  thumbnailUrl(cacheFile: string): string;
  pickFiles?(folders: boolean): Promise<string[]>;
  reveal?(path: string): Promise<void>;
}

/** Runs `work` over `items` with at most `limit` at a time, keeping order (p-limit's map). */
export function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  return pLimit(limit).map(items, (item) => work(item));
}

export class FilesService {
  private readonly served = new Set<string>();

  constructor(
    private readonly thumbnails: ThumbnailCache,
    private readonly hooks: FilesHooks,
  ) {}

  /** Lets `path` be shown from now on: only an input that passed probePhoto, or an output the host wrote. */
  allow(path: string): void {
    this.served.add(pathKey(resolve(path)));
  }

  canServe(path: string): boolean {
    return this.served.has(pathKey(resolve(path))) || this.thumbnails.owns(path);
  }

  /** files:add — folders expanded, each photo probed; files that are no photo come back as sentences. */
  async add(paths: string[], recursive: boolean): Promise<{ files: FileEntry[]; errors: string[] }> {
    const { files, emptyFolders } = await collectInputs(
      paths.map((p) => expandUserPath(p)),
      { recursive },
    );
    const errors = emptyFolders.map((folder) => `No photos were found in ${folder}.`);
    const probed = await mapLimited(files, 8, (file) => probePhoto(file.path).catch((error: Error) => error));
    const entries: FileEntry[] = [];
    for (const result of probed) {
      if (result instanceof Error) errors.push(result.message);
      else {
        this.allow(result.path);
        entries.push(result);
      }
    }
    return { files: entries, errors };
  }

  async thumbnail(path: string, maxSide: number): Promise<{ url: string }> {
    this.check(path);
    return { url: this.hooks.thumbnailUrl(await this.thumbnails.get(path, maxSide)) };
  }

  imageUrl(path: string): { url: string } {
    this.check(path);
    return { url: this.hooks.imageUrl(resolve(path)) };
  }

  async reveal(path: string): Promise<Record<string, never>> {
    this.check(path);
    if (!this.hooks.reveal) throw new HostError('UNSUPPORTED', 'Showing a file in its folder needs the desktop app; open the folder yourself.');
    await this.hooks.reveal(resolve(path));
    return {};
  }

  async pick(folders: boolean): Promise<{ paths: string[] }> {
    if (!this.hooks.pickFiles) throw new HostError('UNSUPPORTED', 'Choosing files with a dialog needs the desktop app; type or paste their paths instead.');
    return { paths: await this.hooks.pickFiles(folders) };
  }

  private check(path: string): void {
    if (!this.canServe(path)) {
      throw new HostError('NOT_ALLOWED', `${path} is not one of the photos added to DVAR Studio; add it first.`);
    }
  }
}
