// The range of the photographer's detail strength (pipeline/detail-strength.ts): 0 … 1 fades the
// model's detail, 1 … MAX_DETAIL sharpens it. A module of its own, with no imports, so the renderer's
// slider and the IPC contract can share the bound without loading any engine code.
export const MAX_DETAIL = 1.5;
