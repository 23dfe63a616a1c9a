// Short messages for the user: host errors, warnings from the log channel, confirmations.
import { errorMessage } from '../lib/errors.ts';

export interface Notice {
  id: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

class Notices {
  list = $state<Notice[]>([]);
  #next = 1;

  push(level: Notice['level'], message: string): void {
    const id = this.#next++;
    // The same sentence twice in a row is one notice, not a stack of them.
    if (this.list.at(-1)?.message === message) return;
    this.list = [...this.list.slice(-4), { id, level, message }];
    if (level === 'info') setTimeout(() => this.dismiss(id), 5000);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
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
