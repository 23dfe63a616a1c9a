// The layering of docs/architecture.md ("Layers"), checked on every import in electron/, renderer/ and
// bench/: each layer imports only the layers below it, and from outside a package only through its
// named entry modules. The table is scripts/layers.json, which ESLint's no-restricted-imports rules are
// built from too (eslint.config.js); a new arrow goes there and in the doc, on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { relativeImports } from '../helpers/relative-imports.ts';

interface Layer {
  dir: string;
  allowed: readonly string[];
  /** From outside the layer, only these modules may be imported (none listed: any). */
  entries?: readonly string[];
  /** May import any module of the layers it is allowed (the benchmarks measure internals). */
  reachesInside?: boolean;
}
// One table for this test and the editor's ESLint rules (eslint.config.js).
const TABLE = JSON.parse(readFileSync(join(REPO_ROOT, 'scripts', 'layers.json'), 'utf8')) as { layers: Record<string, Layer>; rendererValueImports: string[] };
const LAYERS = TABLE.layers;

/** Layer of a repository-relative path: the layer whose folder holds it. */
function layerOf(path: string): string | null {
  return Object.entries(LAYERS).find(([, layer]) => path.startsWith(`${layer.dir}/`))?.[0] ?? null;
}

/** The renderer runs in the browser: it may take the contract's types and the browser client only. */
const RENDERER_VALUE_IMPORTS = new Set(TABLE.rendererValueImports);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

/** Every import that breaks a rule, as "from → to (why)". */
export function layerViolations(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const edge of files.flatMap(relativeImports)) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (!from || !to || from === to) continue;
    const entries = LAYERS[to]!.entries;
    if (!LAYERS[from]!.allowed.includes(to)) out.push(`${edge.from} → ${edge.to} (${from} may not import ${to})`);
    else if (entries && !LAYERS[from]!.reachesInside && !entries.includes(edge.to))
      out.push(`${edge.from} → ${edge.to} (enter ${to} through ${entries.join(' or ')})`);
    else if (from === 'renderer' && !edge.typeOnly && !RENDERER_VALUE_IMPORTS.has(edge.to)) {
      out.push(`${edge.from} → ${edge.to} (the renderer takes only types from the contract)`);
    }
  }
  return out;
}

test('every import in electron/, renderer/ and bench/ follows the layers', () => {
  const files = [...sourceFiles(join(REPO_ROOT, 'electron')), ...sourceFiles(join(REPO_ROOT, 'renderer', 'src')), ...sourceFiles(join(REPO_ROOT, 'bench'))];
  assert.deepEqual(layerViolations(files), []);
});
