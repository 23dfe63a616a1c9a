// Expands the command line's files and folders into the list of photos to restore. Files named
// explicitly are always tried (the reader says clearly if one is not an image); folders contribute
// only files that look like photos, never hidden files, and never our own earlier outputs.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isPhotoName } from '../image-files/index.ts';
import { isDvarOutputName } from './output-path.ts';

export interface InputFile {
  path: string;
  /** The file's folder relative to the folder argument it was found in ('' for files given directly). */
  relativeDir: string;
}

function looksLikePhoto(name: string): boolean {
  return !name.startsWith('.') && isPhotoName(name) && !isDvarOutputName(name);
}

async function listFolder(root: string, relativeDir: string, recursive: boolean): Promise<InputFile[]> {
  const entries = await readdir(join(root, relativeDir), { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  const files: InputFile[] = [];
  for (const entry of entries) {
    if ((entry.isFile() || entry.isSymbolicLink()) && looksLikePhoto(entry.name)) {
      files.push({ path: join(root, relativeDir, entry.name), relativeDir });
    } else if (recursive && entry.isDirectory() && !entry.name.startsWith('.')) {
      // Symlinked folders are not followed (isDirectory is false for them): no cycles.
      files.push(...(await listFolder(root, join(relativeDir, entry.name), true)));
    }
  }
  return files;
}

/**
 * Files in command-line order, folders expanded in natural name order. Paths that do not exist are
 * kept as files, so each gets its own "does not exist" error while the rest of the batch goes on.
 * Returns the folders that held no photos, so the caller can say so.
 */
export async function collectInputs(args: string[], options: { recursive: boolean }): Promise<{ files: InputFile[]; emptyFolders: string[] }> {
  const files: InputFile[] = [];
  const emptyFolders: string[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    const info = await stat(arg).catch(() => null);
    const found = info?.isDirectory() ? await listFolder(arg, '', options.recursive) : [{ path: arg, relativeDir: '' }];
    if (info?.isDirectory() && found.length === 0) emptyFolders.push(arg);
    for (const file of found) {
      // The same photo named twice (`in/a.jpg`, `in/../in/a.jpg`, `./in/a.jpg`) is restored once.
      const key = resolve(file.path);
      if (seen.has(key)) continue;
      seen.add(key);
      files.push(file);
    }
  }
  return { files, emptyFolders };
}
