// Small previews of photos for lists and grids, made once with sharp and kept on disk. The cache key
// is the path plus the file's mtime and size plus the size asked for, so an edited photo gets a new
// thumbnail and the old one is simply never asked for again.
import { createHash } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { DvarError } from '../engine/definitions.ts';
import { writeFileAtomically } from '../image-files/index.ts';
import { makePrivateDirAsync, PRIVATE_FILE_MODE } from './private-files.ts';
import { MAX_SERVED_PIXELS } from './browser-image.ts';

const CACHE_FILE = /^[0-9a-f]{32}\.webp$/;

export class ThumbnailCache {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(readonly dir: string) {}

  /** The cache file holding `path` scaled to fit `maxSide` (EXIF orientation applied). */
  async get(path: string, maxSide: number): Promise<string> {
    const source = resolve(path);
    const info = await stat(source).catch(() => null);
    if (!info?.isFile()) throw new DvarError('INPUT_UNREADABLE', `${source} does not exist; check the path.`);
    const key = createHash('sha256')
      .update(JSON.stringify([source, info.mtimeMs, info.size, maxSide]))
      .digest('hex')
      .slice(0, 32);
    const file = join(this.dir, `${key}.webp`);
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    )
      return file;
    // Two requests for the same thumbnail (a list and a grid rendering at once) share one encode.
    let making = this.inFlight.get(key);
    if (!making) {
      making = this.make(source, file, maxSide).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, making);
    }
    return making;
  }

  /** True for files this cache wrote (what a server may hand out under /thumb). */
  owns(file: string): boolean {
    const path = resolve(file);
    return dirname(path) === resolve(this.dir) && CACHE_FILE.test(basename(path)) && !relative(this.dir, path).startsWith('..');
  }

  private async make(source: string, file: string, maxSide: number): Promise<string> {
    let bytes: Buffer;
    try {
      // failOn 'none': a truncated photo still gets the part of a thumbnail that decodes. Results too
      // have thumbnails (queue rows, Files cards), so the limit is an output's, as for a view.
      bytes = await sharp(source, { failOn: 'none', limitInputPixels: MAX_SERVED_PIXELS })
        .rotate()
        .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
    } catch {
      throw new DvarError('INPUT_INVALID', `${source} is not an image DVAR Studio can read, so it has no thumbnail.`);
    }
    // A thumbnail shows the photo: as private as the photo's own folder may not be (private-files.ts).
    await makePrivateDirAsync(this.dir);
    await writeFileAtomically(file, bytes, { overwrite: true, writeTemp: (temp, data) => writeFile(temp, data, { flag: 'wx', mode: PRIVATE_FILE_MODE }) });
    return file;
  }
}
