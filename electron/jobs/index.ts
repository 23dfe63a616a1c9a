// The job runner shared by the CLI, the app and the distributed workers: inputs, output paths, events,
// restoring files. The one way into electron/jobs from the layers above it.
export { collectInputs, type InputFile } from './collect-inputs.ts';
export { heatPixels, heatPngDataUrl, heatScale } from './confidence-heat.ts';
export { type ConfidenceMap, ConfidenceMapBuilder } from './confidence-map.ts';
export { isInsideFolder } from './inside-folder.ts';
export { type JobEvent, type JobSummary } from './job-events.ts';
export { createOutputFolders, type FileTask, isDvarOutputName, outputName, planOutputs } from './output-path.ts';
export { outputSize, type OutputTarget, type Size, targetScale } from './output-size.ts';
export { DEFAULT_PRINT_DPI, PRINT_UNITS, printPixels, printScale, type PrintSize, printTooLarge, type PrintUnit, printWords } from './print-size.ts';
export { AUTO_LOOK_RULE, chooseLook, LOOKS, type Look, type LookName } from './auto-look.ts';
export { assessPhoto, type PhotoAssessment } from './photo-assessment.ts';
export type { PhotoOutputOptions } from './photo-output-options.ts';
export { cropDecoded, type Region } from './region.ts';
export { type RestoreEngine, restoreFiles, type RestoreFilesOptions } from './restore-files.ts';
export { type OutputEngine, type OutputJob, restoreAndWrite } from './restore-output.ts';
export { isAlive, removeStaleTempFiles } from './stale-temp-files.ts';
export { MIN_ELAPSED_MS, MIN_PROGRESS, photoTimeLeftMs } from './time-left.ts';
export { stopOnSignals, type TwoStageStop } from './two-stage-stop.ts';
export { PhotoStopwatch, type SpeedConfig, speedKey, SpeedMemory, type SpeedStore } from './speed-memory.ts';
