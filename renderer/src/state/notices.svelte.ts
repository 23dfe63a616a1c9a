// Short messages for the user: host errors, warnings from the log channel, confirmations. A notice
// belongs to the view it was raised in (leaving the view takes it away) unless it is global; it goes
// away on its own after a while that grows with its weight, except a sticky one (something the user
// must act on). A pointer or focus on it holds the clock, so it never vanishes while being read.
import { errorMessage } from '../lib/errors.ts';

export interface Notice {
  id: number;
  level: 'info' | 'warn' | 'error';
  message: string;
  /** The view it belongs to; null: shown in every view. */
  view: string | null;
  sticky: boolean;
}

export interface NoticeOptions {
  /** Shown in every view, not only in the one it was raised in. */
  global?: boolean;
  /** Stays until dismissed. */
  sticky?: boolean;
}

/** How long each kind stays: long enough to read a sentence twice. */
export const NOTICE_LIFETIME_MS: Record<Notice['level'], number> = { info: 5_000, warn: 8_000, error: 12_000 };
const MAX_SHOWN = 3;

class Notices {
  list = $state<Notice[]>([]);
  /** The view now showing (kept by Notices.svelte); new notices belong to it. */
  #view: string | null = null;
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  push(level: Notice['level'], message: string, options: NoticeOptions = {}): void {
    // The same sentence again is one notice (its clock starts over), not a stack of them.
    const same = this.list.find((n) => n.message === message);
    if (same) this.dismiss(same.id);
    const notice: Notice = { id: this.#next++, level, message, view: options.global ? null : this.#view, sticky: options.sticky ?? false };
    const kept = this.list.slice(-(MAX_SHOWN - 1));
    for (const old of this.list) if (!kept.includes(old)) this.#clear(old.id);
    this.list = [...kept, notice];
    this.release(notice.id);
  }

  dismiss(id: number): void {
    this.#clear(id);
    this.list = this.list.filter((n) => n.id !== id);
  }

  /** The user is reading it: stop its clock. */
  hold(id: number): void {
    this.#clear(id);
  }

  /** Starts (again) its full lifetime, unless it is sticky. */
  release(id: number): void {
    const notice = this.list.find((n) => n.id === id);
    if (!notice || notice.sticky) return;
    this.#clear(id);
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), NOTICE_LIFETIME_MS[notice.level]),
    );
  }

  /** A view switch: what belonged to the old view goes with it. */
  enterView(view: string): void {
    if (view === this.#view) return;
    this.#view = view;
    for (const notice of this.list) if (notice.view !== null && notice.view !== view) this.dismiss(notice.id);
  }

  #clear(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }
}

export const notices = new Notices();

/** Runs a host call; on failure shows its one-sentence reason and returns undefined. */
export async function attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    notices.push('error', errorMessage(error));
    return undefined;
  }
}
