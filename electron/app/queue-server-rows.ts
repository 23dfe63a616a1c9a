// The batch queue's rows that a queue server's workers run: planned here as a run here would plan them,
// recorded as sent under their job ids, and updated with the news remote-batch.ts follows on the server.
import type { QueueItem, QueueState, RestoreSettings, Settings } from '../ipc/contract.ts';
import { nameKey } from './output-plan.ts';
import { onServer, optionsOf, PROGRESS_EMIT_MS, waitingHere, type Item } from './queue-rows.ts';

/** What the queue server's batch (remote-batch.ts) adds to the queue: its status, and word of removed rows. */
export interface RemoteHooks {
  status(): QueueState['remote'];
  /** A row sent to the server was removed from the list: its job, if still waiting, goes too. */
  removed(item: QueueItem): void;
}

/** A waiting photo with the output it should write, planned as a run here would plan it. */
export interface PlannedPhoto {
  id: string;
  input: string;
  output: string;
  /** The options it is restored with (its own, or the batch's). */
  settings: RestoreSettings;
}

/** A row's news from the queue server. */
export type ServerNews = Partial<Pick<QueueItem, 'status' | 'progress' | 'error' | 'ms'>> & {
  worker?: string | null;
  pass?: NonNullable<QueueItem['remote']>['pass'];
};

/** What these rows need of the queue that holds them (queue.ts). */
export interface RowsHost {
  items(): Item[];
  settings(): Settings;
  /** The output `item` gets now with DVAR's own names, not one of `planned` (name keys). */
  plannedOutput(item: Item, settings: Settings, planned: ReadonlySet<string>): Promise<string>;
  /** A change to persist and announce. */
  changed(): void;
  /** A change only to announce. */
  notify(): void;
}

export class ServerRows {
  private lastProgressEmit = 0;

  constructor(private readonly host: RowsHost) {}

  /**
   * Photos waiting here, each with the output a run here would write now (same folder and existing-file
   * rules; two photos of one plan never share a name). Nothing changes until markSent. The names are
   * DVAR's own (`{name}-dvar-x{scale}`), the only ones a queue worker writes (distributed/job-guard.ts).
   */
  async plan(): Promise<PlannedPhoto[]> {
    const settings = this.host.settings();
    const planned = new Set<string>();
    const plans: PlannedPhoto[] = [];
    for (const item of this.host.items().filter(waitingHere)) {
      const output = await this.host.plannedOutput(item, settings, planned);
      planned.add(nameKey(output));
      plans.push({ id: item.id, input: item.input, output, settings: optionsOf(item, settings) });
    }
    return plans;
  }

  /** Records planned photos as sent to the queue server under their job ids. */
  markSent(sent: Array<PlannedPhoto & { jobId: string }>): void {
    for (const { id, output, jobId, settings } of sent) {
      const item = this.host.items().find((i) => i.id === id);
      if (item) Object.assign(item, { output, progress: 0, error: null, ms: null, settings, remote: { jobId, worker: null, pass: null } });
    }
    this.host.changed();
  }

  /** Rows the queue server's workers still have to finish. */
  list(): QueueItem[] {
    return this.host.items().filter(onServer);
  }

  /** Applies a row's news; a new status is persisted, progress alone only announced (at most every 250 ms). */
  applyNews(id: string, news: ServerNews): void {
    const item = this.host.items().find((i) => i.id === id);
    if (!item?.remote) return;
    const { worker, pass, ...fields } = news;
    const statusChanged = fields.status !== undefined && fields.status !== item.status;
    Object.assign(item, fields);
    item.remote = { ...item.remote, ...(worker === undefined ? {} : { worker }), ...(pass === undefined ? {} : { pass }) };
    if (statusChanged) return this.host.changed();
    const now = Date.now();
    if (now - this.lastProgressEmit < PROGRESS_EMIT_MS) return;
    this.lastProgressEmit = now;
    this.host.notify();
  }
}
