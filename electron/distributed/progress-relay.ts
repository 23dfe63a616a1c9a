// Per-photo progress from a worker to the submitter: the runner's scale events, without preview pixels,
// published through BullMQ's job progress (a Redis stream the submitter reads). Throttled, because the
// engine emits one event per scale per tile and every one would be a Redis write.
import { passPositionSchema, pickReported, type PassPosition, type TileSpan } from '../engine/definitions.ts';
import type { JobEvent } from '../jobs/index.ts';

/** What a submitter receives while a photo is being restored: where the worker is (engine/progress-report.ts) and how far. */
export interface PhotoProgress extends Omit<PassPosition, 'group'> {
  /** The tiles running together with `tileIndex`; absent from older workers. */
  group?: TileSpan;
  /** Fraction of this photo done, 0..1, weighted by tokens and tile areas (the engine's own figure). */
  progress: number;
  elapsedMs: number;
  /** host:pid of the worker restoring it. */
  worker: string;
}

export function isPhotoProgress(value: unknown): value is PhotoProgress {
  return typeof value === 'object' && value !== null && typeof (value as PhotoProgress).progress === 'number';
}

/**
 * A JobEvent listener that forwards scale events through `publish`, at most one per `intervalMs`
 * except the photo's last scale of its last tile, which always goes (the submitter then shows 100%).
 */
export function progressRelay(
  worker: string,
  publish: (progress: PhotoProgress) => Promise<unknown>,
  intervalMs = 250,
  now: () => number = Date.now,
): (event: JobEvent) => void {
  let last = -Infinity;
  return (event) => {
    if (event.type !== 'scale') return;
    const e = event.event;
    const final = e.tileIndex === e.tileCount - 1 && e.scale === e.scales;
    const t = now();
    if (!final && t - last < intervalMs) return;
    last = t;
    const progress: PhotoProgress = { ...pickReported(e, passPositionSchema), progress: e.progress, elapsedMs: e.elapsedMs, worker };
    // Progress is advisory: a lost update (Redis restarting) must never fail the photo.
    publish(progress).catch(() => undefined);
  };
}
