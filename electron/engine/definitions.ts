// What callers of the engine need without loading onnxruntime: errors, data types, option names,
// the bundled packs and pack manifests. The app's host thread, the CLI's argument parser and the IPC
// contract import this; `index.ts` re-exports it with the engine itself.
export { type AdviceTable, DvarError, type DvarErrorCode, type ErrorParams, type FailureFacts, isCancellation, throwIfAborted, withAdvice } from './errors.ts';
export {
  type EntropyMap,
  type FloatImage,
  type PassPosition,
  type PreviewImage,
  type ProviderReport,
  RESTORE_STAGES,
  type RestoreHooks,
  type RestoreOptions,
  type RestoreResult,
  type RestoreStages,
  type SamplingOptions,
  type SamplingStrategy,
  type ScaleEvent,
  type ScaleReport,
  type TileRect,
  type TileSpan,
  TOKEN_RESOLUTIONS,
  TOKEN_SOURCES,
  type TokenResolution,
  type TokenSource,
} from './types.ts';
export { passPositionSchema, pickReported, scaleReportSchema, tileSpanSchema } from './progress-report.ts';
export { BUNDLED_PACK_NAMES, type BundledPack, bundledPackDir, bundledPacks, DEFAULT_PACK_DIR, isBarePackName, packChoice } from './bundled-packs.ts';
export { MAX_DETAIL } from './detail-range.ts';
export { acceleratorsHere, type Accelerator } from './runtime/provider-libraries.ts';
export { DEFAULT_WAVELET_LEVELS, FIDELITY_GUARDS, type FidelityGuard } from './pipeline/fidelity-guard.ts';
export { loadPack, type LoadedPack } from './pack/load-pack.ts';
export { PACK_FILE_LIMITS, readPackText } from './pack/pack-file.ts';
export type { PackManifest } from './pack/manifest-schema.ts';
export { cropPlanar, padImage } from './tiling/pad-crop.ts';
export type { RowSink, RowsRestored } from './restore.ts';
