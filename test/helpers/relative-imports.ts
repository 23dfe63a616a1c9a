// The relative imports of a TypeScript file, read from its text: what the architecture tests follow
// (the layer rules, and which modules a test file loads).
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { REPO_ROOT } from './fixtures.ts';

export interface ImportEdge {
  /** Both paths relative to the repository root. */
  from: string;
  to: string;
  /** `import type` / `export type`: nothing is loaded when the file runs. */
  typeOnly: boolean;
}

export function relativeImports(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const edges: ImportEdge[] = [];
  // Statements start a line (so prose in comments is not read as an import); dynamic imports anywhere.
  const pattern = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|^\s*import\s+'(\.[^']+)'/gm;
  for (const m of text.matchAll(pattern)) {
    const spec = m[3] ?? m[4] ?? m[5]!;
    edges.push({ from: relative(REPO_ROOT, file), to: relative(REPO_ROOT, resolve(dirname(file), spec)), typeOnly: Boolean(m[2]) });
  }
  return edges;
}
