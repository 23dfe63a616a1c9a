// The range of the photographer's detail strength (pipeline/detail-strength.ts): 0 … 1 fades the
// model's detail, 1 … MAX_DETAIL sharpens it. A module of its own, with no imports, so the CLI's
// parser and the IPC contract share the bound (through definitions.ts) without the pipeline's code.
// The renderer, which may not import the engine, keeps its slider's top in restore/presets.ts
// (test/renderer/presets.test.ts checks they agree).
export const MAX_DETAIL = 1.5;
