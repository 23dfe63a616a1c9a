// Which view is showing (remembered across a reload), the help overlay, and what the host told us
// about itself.
import type { ResponseOf } from '../../../electron/ipc/contract.ts';
import { api } from '../lib/api.ts';
import { recall, remember } from '../lib/session-memory.ts';
import { attempt } from './notices.svelte.ts';

export type View = 'files' | 'restore' | 'compare' | 'batch' | 'settings';

export const views: Array<{ id: View; label: string; key: string }> = [
  { id: 'files', label: 'Files', key: '1' },
  { id: 'restore', label: 'Restore', key: '2' },
  { id: 'compare', label: 'Compare', key: '3' },
  { id: 'batch', label: 'Batch', key: '4' },
  { id: 'settings', label: 'Settings', key: '5' },
];

const isView = (value: unknown): value is View => views.some((v) => v.id === value);

class AppState {
  #view = $state<View>(recall('view', isView) ?? 'files');
  helpOpen = $state(false);
  info = $state<ResponseOf<'app:info'> | null>(null);

  get view(): View {
    return this.#view;
  }

  set view(view: View) {
    this.#view = view;
    remember('view', view);
  }

  async load(): Promise<void> {
    this.info = (await attempt(() => api.invoke('app:info', {}))) ?? null;
  }

  /** Native dialogs and "show in folder" exist only in the desktop app. */
  get canPick(): boolean {
    return this.info?.host === 'electron';
  }

  get canReveal(): boolean {
    return this.info?.host === 'electron';
  }

  /** The browser host: photos come in by upload and results leave by download. */
  get isBrowser(): boolean {
    return this.info?.host === 'web';
  }
}

export const app = new AppState();
