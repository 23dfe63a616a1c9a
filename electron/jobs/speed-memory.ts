// How fast this machine restores with a given pack, threads and provider, remembered across runs so a
// time estimate can be shown before a photo or batch starts. Measured per photo from its `file-start`
// event to its end (restore, resample, encode, write; not opening the pack, which happens once), in
// milliseconds per input megapixel: the model always runs at its own upscale, so input pixels set the
// cost. Each new photo moves the figure halfway, so a new machine or a busy one is learned quickly.
// Shared by the app (its settings store) and the CLI (a small JSON file of its own), so it names only
// what it needs of each.

/** The engine set-up a speed belongs to (the app's SpeedConfig has these fields). */
export interface SpeedConfig {
  packDir: string;
  threads?: number;
  providers?: string[];
}

/** Where the figures live (the app's SpeedStore has this shape). */
export interface SpeedStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

const STORE_KEY = 'speed';
/** Photos under this many input pixels are dominated by fixed costs and would skew the figure. */
const MIN_PIXELS = 4096;

export function speedKey(config: SpeedConfig): string {
  return JSON.stringify([config.packDir, config.threads ?? null, config.providers ?? null]);
}

export class SpeedMemory {
  /** `onChange`: after each new measurement (the queue's state carries the figure). */
  constructor(
    private readonly store: SpeedStore,
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** ms per input megapixel for this engine setup, or null before any photo was measured with it. */
  msPerInputMP(config: SpeedConfig): number | null {
    const value = this.all()[speedKey(config)];
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
  }

  record(config: SpeedConfig, ms: number, inputPixels: number): void {
    if (!(inputPixels >= MIN_PIXELS) || !(ms > 0)) return;
    const measured = ms / (inputPixels / 1e6);
    const known = this.msPerInputMP(config);
    this.store.set(STORE_KEY, { ...this.all(), [speedKey(config)]: known === null ? measured : (known + measured) / 2 });
    this.onChange();
  }

  private all(): Record<string, unknown> {
    const stored = this.store.get(STORE_KEY);
    return stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  }
}

/** Times one photo from its file-start event; `ms()` is null until that event arrived. */
export class PhotoStopwatch {
  private started: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** Feed every job event of the photo. */
  see(event: { type: string }): void {
    if (event.type === 'file-start' && this.started === null) this.started = this.now();
  }

  ms(): number | null {
    return this.started === null ? null : this.now() - this.started;
  }
}
