// The batch queue lives in the host (persisted, resumable); this mirrors it from `queue:changed`, and
// keeps the running photo's newest progress event (its pass, tile and time left) from `restore:progress`.
import type { QueueItem, QueueState, RequestChannel, RequestOf, ScaleProgress } from '../../../electron/ipc/contract.ts';
import { api } from '../lib/api.ts';
import { tallyQueue, writtenOutput, type QueueTally } from '../batch/tally.ts';
import { files, type FileState } from './files.svelte.ts';
import { attempt } from './notices.svelte.ts';
import { results } from './results.svelte.ts';

type QueueCommand = Extract<RequestChannel, `queue:${string}`>;

const fileState: Record<QueueItem['status'], FileState> = {
  pending: 'queued',
  running: 'restoring',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
  rejected: 'failed',
};

class QueueMirror {
  state = $state.raw<QueueState | null>(null);
  busy = $state(false);
  /** The running photo's newest progress event, without its preview; null between photos. */
  latest = $state.raw<Omit<ScaleProgress, 'preview'> | null>(null);

  get items(): QueueItem[] {
    return this.state?.items ?? [];
  }

  count(status: QueueItem['status']): number {
    return this.items.filter((i) => i.status === status).length;
  }

  /** Finished, failed, cancelled... and the overall progress (batch/tally.ts says what counts). */
  get tally(): QueueTally {
    return tallyQueue(this.items);
  }

  async load(): Promise<void> {
    const state = await attempt(() => api.invoke('queue:get', {}));
    if (state) this.#accept(state);
  }

  listen(): () => void {
    const offs = [
      api.on('queue:changed', (state) => this.#accept(state)),
      api.on('restore:progress', ({ preview: _preview, ...event }) => {
        if (this.items.some((i) => i.id === event.jobId && i.status === 'running')) this.latest = event;
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Progress words for a row: only for the photo that is running. */
  latestFor(id: string): Omit<ScaleProgress, 'preview'> | null {
    return this.latest?.jobId === id ? this.latest : null;
  }

  /** Sends one queue command; every command answers with the new queue state. */
  async send<C extends QueueCommand>(channel: C, request: RequestOf<C>): Promise<boolean> {
    this.busy = true;
    const state = (await attempt(() => api.invoke(channel, request))) as QueueState | undefined;
    this.busy = false;
    if (state) this.#accept(state);
    return state !== undefined;
  }

  #accept(state: QueueState): void {
    const before = new Map(this.items.map((i) => [i.id, i.status]));
    this.state = state;
    if (this.latest && !state.items.some((i) => i.id === this.latest!.jobId && i.status === 'running')) this.latest = null;
    for (const item of state.items) {
      if (before.get(item.id) === item.status && item.status !== 'running') continue;
      files.setStatus(item.input, { state: fileState[item.status], progress: item.progress, output: writtenOutput(item), error: item.error });
      if (item.status === 'done' && item.output) results.add({ input: item.input, output: item.output });
    }
  }
}

export const queue = new QueueMirror();
