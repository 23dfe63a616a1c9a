// The photos the user opened, their thumbnails, which one is selected, and what has happened to each.
// The list (paths only) and the selection survive a reload and a host restart (lib/session-memory.ts):
// `reopen` asks the host to probe them again, which is also what lets it serve them once more.
import type { FileEntry } from '../../../electron/ipc/contract.ts';
import { api } from '../lib/api.ts';
import { isStringList, recall, remember } from '../lib/session-memory.ts';
import { thumbnailUrl } from '../lib/thumbnail-url.ts';
import { attempt } from './notices.svelte.ts';

export type FileState = 'idle' | 'queued' | 'restoring' | 'done' | 'failed' | 'cancelled' | 'skipped';

export interface FileStatus {
  state: FileState;
  progress: number;
  output: string | null;
  error: string | null;
}

const MAX_REMEMBERED = 2000;

class FilesState {
  entries = $state<FileEntry[]>([]);
  /** Why some inputs could not be opened, one sentence each (from the host). */
  errors = $state<string[]>([]);
  thumbnails = $state<Record<string, string>>({});
  status = $state<Record<string, FileStatus>>({});
  adding = $state(false);
  /** The photo the user picked by clicking its thumbnail (what Restore would take). */
  selected = $state<string | null>(recall('files:selected', (v): v is string => typeof v === 'string') ?? null);
  /** Photos that came in through the browser (uploaded into the host's upload folder). */
  uploaded = $state<string[]>(recall('files:uploaded', isStringList) ?? []);

  async add(paths: string[], recursive: boolean): Promise<number> {
    if (paths.length === 0) return 0;
    this.adding = true;
    const result = await attempt(() => api.invoke('files:add', { paths, recursive }));
    this.adding = false;
    if (!result) return 0;
    this.errors = result.errors;
    return this.addEntries(result.files);
  }

  /** Entries the host already opened (an upload's answer); returns how many were new. */
  addEntries(list: FileEntry[], uploaded = false): number {
    const known = new Set(this.entries.map((e) => e.path));
    const fresh = list.filter((f) => !known.has(f.path));
    this.entries = [...this.entries, ...fresh];
    if (uploaded) this.uploaded = [...this.uploaded, ...fresh.map((f) => f.path)];
    for (const file of fresh) void this.#loadThumbnail(file.path);
    this.#save();
    return fresh.length;
  }

  /**
   * After a reload or a reconnect: opens the remembered list again, in its order. Photos that are gone
   * are dropped with one sentence saying so.
   */
  async reopen(): Promise<void> {
    const remembered = this.entries.length ? this.entries.map((e) => e.path) : (recall('files', isStringList) ?? []);
    if (remembered.length === 0) return;
    this.adding = true;
    const result = await api.invoke('files:add', { paths: remembered, recursive: false }).catch(() => null);
    this.adding = false;
    if (!result) return;
    const byPath = new Map(result.files.map((f) => [f.path, f]));
    const kept = remembered.map((p) => byPath.get(p)).filter((f): f is FileEntry => f !== undefined);
    const missing = remembered.length - kept.length;
    this.entries = kept;
    if (missing > 0) this.errors = [`${missing} photo${missing === 1 ? '' : 's'} from last time ${missing === 1 ? 'is' : 'are'} no longer there.`];
    // A restarted host has a new token, so even known thumbnails need fresh addresses.
    for (const file of kept) void this.#loadThumbnail(file.path);
    if (this.selected && !byPath.has(this.selected)) this.selected = null;
    this.#save();
  }

  select(path: string | null): void {
    this.selected = path;
    this.#save();
  }

  remove(path: string): void {
    this.entries = this.entries.filter((e) => e.path !== path);
    if (this.selected === path) this.selected = null;
    this.#save();
  }

  clear(): void {
    this.entries = [];
    this.errors = [];
    this.selected = null;
    this.#save();
  }

  isUploaded(path: string): boolean {
    return this.uploaded.includes(path);
  }

  statusOf(path: string): FileStatus {
    return this.status[path] ?? { state: 'idle', progress: 0, output: null, error: null };
  }

  setStatus(path: string, patch: Partial<FileStatus>): void {
    this.status[path] = { ...this.statusOf(path), ...patch };
  }

  #save(): void {
    const paths = this.entries.map((e) => e.path).slice(0, MAX_REMEMBERED);
    remember('files', paths);
    remember('files:selected', this.selected);
    this.uploaded = this.uploaded.filter((p) => paths.includes(p));
    remember('files:uploaded', this.uploaded);
  }

  async #loadThumbnail(path: string): Promise<void> {
    try {
      this.thumbnails[path] = await thumbnailUrl(path, 320);
    } catch {
      // The card shows a placeholder; the file's own error surfaces when it is restored.
    }
  }
}

export const files = new FilesState();
