// The photos the user opened this session, their thumbnails, and what has happened to each.
import type { FileEntry } from '../../../electron/ipc/contract.ts';
import { api } from '../lib/api.ts';
import { limit } from '../lib/limit.ts';
import { attempt } from './notices.svelte.ts';

export type FileState = 'idle' | 'queued' | 'restoring' | 'done' | 'failed' | 'cancelled' | 'skipped';

export interface FileStatus {
  state: FileState;
  progress: number;
  output: string | null;
  error: string | null;
}

const thumbnailSlot = limit(3);

class FilesState {
  entries = $state<FileEntry[]>([]);
  /** Why some inputs could not be opened, one sentence each (from the host). */
  errors = $state<string[]>([]);
  thumbnails = $state<Record<string, string>>({});
  status = $state<Record<string, FileStatus>>({});
  adding = $state(false);

  async add(paths: string[], recursive: boolean): Promise<number> {
    if (paths.length === 0) return 0;
    this.adding = true;
    const result = await attempt(() => api.invoke('files:add', { paths, recursive }));
    this.adding = false;
    if (!result) return 0;
    const known = new Set(this.entries.map((e) => e.path));
    const fresh = result.files.filter((f) => !known.has(f.path));
    this.entries = [...this.entries, ...fresh];
    this.errors = result.errors;
    for (const file of fresh) void this.#loadThumbnail(file.path);
    return fresh.length;
  }

  remove(path: string): void {
    this.entries = this.entries.filter((e) => e.path !== path);
  }

  clear(): void {
    this.entries = [];
    this.errors = [];
  }

  statusOf(path: string): FileStatus {
    return this.status[path] ?? { state: 'idle', progress: 0, output: null, error: null };
  }

  setStatus(path: string, patch: Partial<FileStatus>): void {
    this.status[path] = { ...this.statusOf(path), ...patch };
  }

  async #loadThumbnail(path: string): Promise<void> {
    try {
      const { url } = await thumbnailSlot(() => api.invoke('files:thumbnail', { path, maxSide: 320 }));
      this.thumbnails[path] = url;
    } catch {
      // The card shows a placeholder; the file's own error surfaces when it is restored.
    }
  }
}

export const files = new FilesState();
