// What callers of the engine need without loading onnxruntime: errors, data types, option names,
// the bundled packs and pack manifests. The app's host thread, the CLI's argument parser and the IPC
// contract import this; `index.ts` re-exports it with the engine itself.
export * from './errors.ts';
export * from './types.ts';
export { passPositionSchema, pickReported, scaleReportSchema, tileSpanSchema } from './progress-report.ts';
export * from './bundled-packs.ts';
export { MAX_DETAIL } from './detail-range.ts';
export { acceleratorsHere, type Accelerator } from './runtime/provider-libraries.ts';
export { DEFAULT_WAVELET_LEVELS, FIDELITY_GUARDS, type FidelityGuard } from './pipeline/fidelity-guard.ts';
export { loadPack, type LoadedPack } from './pack/load-pack.ts';
export { PACK_FILE_LIMITS, readPackText } from './pack/pack-file.ts';
export type { PackManifest } from './pack/manifest-schema.ts';
export { cropPlanar, padImage } from './tiling/pad-crop.ts';
export type { RowSink, RowsRestored } from './restore.ts';
