// The host owns settings (persisted, validated); this mirrors them and sends changes back.
import type { RestoreSettings, Settings } from '../../../electron/ipc/contract.ts';
import { api } from '../lib/api.ts';
import { applyTheme } from '../lib/theme.ts';
import { attempt } from './notices.svelte.ts';

class SettingsState {
  value = $state<Settings | null>(null);
  savedAt = $state<number | null>(null);

  async load(): Promise<void> {
    const loaded = await attempt(() => api.invoke('settings:get', {}));
    if (loaded) this.#accept(loaded);
  }

  async update(patch: Partial<Settings>): Promise<boolean> {
    if (this.value) this.value = { ...this.value, ...patch }; // optimistic; the reply corrects it
    const saved = await attempt(() => api.invoke('settings:set', patch));
    if (saved) this.#accept(saved);
    else await this.load();
    return saved !== undefined;
  }

  /** `settings:set` replaces `restore` whole, so merge the changed fields into the current ones. */
  updateRestore(patch: Partial<RestoreSettings>): Promise<boolean> {
    if (!this.value) return Promise.resolve(false);
    return this.update({ restore: { ...this.value.restore, ...patch } });
  }

  #accept(value: Settings): void {
    this.value = value;
    this.savedAt = Date.now();
    applyTheme(value.theme);
  }
}

export const settings = new SettingsState();
