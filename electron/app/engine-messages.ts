// The messages between the host thread (engine-client.ts) and the engine's worker thread
// (engine-worker.ts). Types only: both sides import them, neither imports the other.
import type { ErrorParams, ProviderReport, ScaleEvent } from '../engine/definitions.ts';
import type { JobEvent, PhotoOutputOptions, Region } from '../jobs/index.ts';

/** Which engine to open; the worker keeps one open and reopens when this changes. */
export interface EngineConfig {
  packDir: string;
  /** Undefined: all cores. */
  threads?: number;
  /** Undefined: the platform's accelerators, then CPU. */
  providers?: string[];
}

export interface EngineInfo {
  packName: string;
  upscale: number;
  textConditioning: boolean;
  provider: ProviderReport;
}

/** One photo: read → restore → resample → write atomically, all inside the worker. */
export interface FileJob extends PhotoOutputOptions {
  input: string;
  output: string;
  /** Restore only this crop (a preview region, jobs/region.ts). */
  region?: Region;
}

export interface JobOutcome {
  status: 'done' | 'skipped' | 'failed' | 'cancelled';
  ms: number;
  /** The sentence for a failed or skipped photo. */
  message: string | null;
  code: string | null;
  /** The failure's facts, for the app's own advice (error-words.ts). */
  params?: ErrorParams;
  /** The failure would repeat for every photo (no pack, full disk): a batch should stop. */
  stopsBatch: boolean;
}

/**
 * A scale event with its preview already encoded as a small PNG data URL, and the size of the input
 * photo (from its file-start event) so a receiver can place the tile in the whole photo.
 */
export type WireScaleEvent = Omit<ScaleEvent, 'preview'> & { preview: string | null; image: { width: number; height: number } };
type ScaleJobEvent = Extract<JobEvent, { type: 'scale' }>;
export type WireJobEvent = Exclude<JobEvent, ScaleJobEvent> | (Omit<ScaleJobEvent, 'event'> & { event: WireScaleEvent });

export interface WireError {
  code: string;
  message: string;
  params?: ErrorParams;
}

export type ToWorker =
  | { type: 'open'; requestId: number; config: EngineConfig }
  | { type: 'restore'; jobId: string; config: EngineConfig; job: FileJob }
  | { type: 'cancel'; jobId: string }
  | { type: 'close'; requestId: number };

export type FromWorker =
  | { type: 'opened'; requestId: number; info: EngineInfo }
  | { type: 'open-failed'; requestId: number; error: WireError }
  | { type: 'event'; jobId: string; event: WireJobEvent }
  | { type: 'finished'; jobId: string; outcome: JobOutcome }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'closed'; requestId: number };
