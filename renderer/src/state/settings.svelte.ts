// The host owns settings (persisted, validated); this mirrors them, follows every change the host
// announces (settings:changed: a folder set in Batch shows in Settings at once) and sends changes back.
// A refused change leaves the saved value as it was and keeps the host's sentence under the field's
// key ("threads", "restore.topK", "outputDir"), so the field can show it next to what was typed. The
// mirror changes field by field (#accept), so a field's view re-runs only when that field changes.
import type { RestoreSettings, Settings } from '../../../electron/ipc/contract.ts';
import { api } from '../lib/api.ts';
import { errorMessage } from '../lib/errors.ts';
import { applyTheme } from '../lib/theme.ts';
import { attempt, notices } from './notices.svelte.ts';

/** Fields that show their own problem beside them; others say it in a notice. */
const SHOWN_BESIDE = new Set([
  'threads',
  'memoryBudgetMB',
  'outputDir',
  'restore.seed',
  'restore.temperature',
  'restore.topK',
  'restore.topP',
  'restore.cfg',
  'queueUrl',
  'queueCaFile',
  'batchRunsOn',
]);

class SettingsState {
  value = $state<Settings | null>(null);
  savedAt = $state<number | null>(null);
  /** Why the last change of a field was refused and what was typed, by field key; gone once a change of it is saved. */
  problems = $state<Record<string, { message: string; typed: string }>>({});
  #off: (() => void) | null = null;

  async load(): Promise<void> {
    this.#off ??= api.on('settings:changed', (value) => this.#accept(value));
    const loaded = await attempt(() => api.invoke('settings:get', {}));
    if (loaded) this.#accept(loaded);
  }

  /**
   * Saves `patch`; `field` names it for its problem (default: the patch's first key) and `typed` is
   * what the person typed, kept with the problem so the field can show it again.
   */
  async update(patch: Partial<Settings>, field = Object.keys(patch)[0] ?? '', typed = ''): Promise<boolean> {
    try {
      this.#accept(await api.invoke('settings:set', patch));
      this.#clear(field);
      return true;
    } catch (error) {
      const message = errorMessage(error);
      this.problems = { ...this.problems, [field]: { message, typed } };
      if (!SHOWN_BESIDE.has(field)) notices.push('error', message);
      return false;
    }
  }

  /** `settings:set` replaces `restore` whole, so merge the changed fields into the current ones. */
  updateRestore(patch: Partial<RestoreSettings>, typed = ''): Promise<boolean> {
    if (!this.value) return Promise.resolve(false);
    return this.update({ restore: { ...this.value.restore, ...patch } }, `restore.${Object.keys(patch)[0] ?? ''}`, typed);
  }

  problem(field: string): string | null {
    return this.problems[field]?.message ?? null;
  }

  /** What was typed into a field whose change was refused; null when it has no problem. */
  typed(field: string): string | null {
    return this.problems[field]?.typed ?? null;
  }

  #clear(field: string): void {
    if (!(field in this.problems)) return;
    const { [field]: _gone, ...rest } = this.problems;
    this.problems = rest;
  }

  /**
   * Takes the host's settings field by field: only the fields that differ are assigned, so a view that
   * reads one field re-runs only when that field changes. Replacing the whole object made every field
   * refill itself whenever any setting was saved (here, in another window, on a reconnect's reload),
   * undoing what was being typed in it.
   */
  #accept(value: Settings): void {
    const current = this.value;
    if (!current) this.value = value;
    else {
      for (const key of Object.keys(value) as Array<keyof Settings>) {
        if (JSON.stringify(current[key]) !== JSON.stringify(value[key])) (current as Record<keyof Settings, unknown>)[key] = value[key];
      }
    }
    this.savedAt = Date.now();
    applyTheme(value.theme);
  }
}

export const settings = new SettingsState();
