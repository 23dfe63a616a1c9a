// The job runner shared by the CLI, the app and the distributed workers: inputs, output paths, events,
// restoring files. The one way into electron/jobs from the layers above it.
export * from './collect-inputs.ts';
export * from './confidence-heat.ts';
export * from './confidence-map.ts';
export * from './inside-folder.ts';
export * from './job-events.ts';
export * from './output-path.ts';
export * from './output-size.ts';
export * from './print-size.ts';
export { AUTO_LOOK_RULE, chooseLook, LOOKS, type Look, type LookName } from './auto-look.ts';
export { assessPhoto, type PhotoAssessment } from './photo-assessment.ts';
export type { PhotoOutputOptions } from './photo-output-options.ts';
export * from './region.ts';
export * from './restore-files.ts';
export * from './restore-output.ts';
export * from './stale-temp-files.ts';
export * from './time-left.ts';
export * from './two-stage-stop.ts';
export * from './speed-memory.ts';
