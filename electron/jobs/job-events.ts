// Structured events of a batch restore. The CLI renders them as a progress bar or JSON lines; the app
// forwards them over IPC. Programs read these, never our human-readable text.
import type { DvarErrorCode, ErrorParams } from '../engine/definitions.ts';
import type { ProviderReport, ScaleEvent } from '../engine/definitions.ts';
import type { LookName } from './auto-look.ts';
import type { ConfidenceMap } from './confidence-map.ts';

interface FileRef {
  /** 0-based position in the batch, and the batch size. */
  fileIndex: number;
  fileCount: number;
  input: string;
  output: string;
}

export type JobEvent =
  | { type: 'engine-ready'; packName: string; provider: ProviderReport }
  | { type: 'notice'; message: string }
  | (FileRef & { type: 'file-start'; width: number; height: number; outputWidth: number; outputHeight: number })
  /** The look Auto chose for this photo (options.autoLook, auto-look.ts), after file-start. */
  | (FileRef & { type: 'look'; look: LookName; why: string })
  | (FileRef & { type: 'scale'; event: ScaleEvent })
  /** The detail-confidence map, when the restore options asked for entropy `map`; before file-done. */
  | (FileRef & { type: 'confidence'; map: ConfidenceMap })
  | (FileRef & { type: 'file-done'; ms: number; outputWidth: number; outputHeight: number; msPerOutputMegapixel: number })
  | (FileRef & { type: 'file-skipped'; reason: 'output-exists' })
  | (FileRef & { type: 'file-failed'; code: DvarErrorCode; message: string; params?: ErrorParams; stack?: string });

export interface JobSummary {
  total: number;
  done: number;
  skipped: number;
  failed: number;
  /** True when the batch stopped early because it was cancelled (Ctrl-C). */
  cancelled: boolean;
  ms: number;
}
