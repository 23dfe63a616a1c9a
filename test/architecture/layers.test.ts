// The layering of docs/architecture.md ("Layers"), checked on every import in electron/ and renderer/:
// each layer imports only the layers below it, and from outside a package only through its named
// entry modules. A new arrow must be added here and in the doc, on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.ts';

/** Layer of a repository-relative path: its first two path segments under electron/, or renderer. */
function layerOf(path: string): string | null {
  if (path.startsWith('renderer/src/')) return 'renderer';
  const m = /^electron\/([^/]+)\//.exec(path);
  return m ? m[1]! : null;
}

/** Which layers each layer may import (besides itself and npm/node packages). */
const ALLOWED: Record<string, readonly string[]> = {
  engine: [],
  'image-files': ['engine'],
  ipc: ['engine'],
  jobs: ['engine', 'image-files'],
  distributed: ['jobs', 'engine', 'image-files'],
  cli: ['distributed', 'jobs', 'engine', 'image-files'],
  app: ['distributed', 'jobs', 'engine', 'image-files', 'ipc'],
  'web-host': ['app', 'jobs', 'engine', 'image-files', 'ipc'],
  main: ['app', 'jobs', 'engine', 'image-files', 'ipc'],
  preload: ['ipc'],
  renderer: ['ipc'],
};

/** From outside its own layer, a package is entered only through these modules. */
const ENTRIES: Record<string, readonly string[]> = {
  engine: ['electron/engine/index.ts', 'electron/engine/definitions.ts'],
  'image-files': ['electron/image-files/index.ts'],
  ipc: ['electron/ipc/contract.ts', 'electron/ipc/web-socket-client.ts', 'electron/ipc/web-socket-protocol.ts', 'electron/ipc/page-token.ts'],
  jobs: ['electron/jobs/index.ts'],
};

/** The renderer runs in the browser: it may take the contract's types and the browser client only. */
const RENDERER_VALUE_IMPORTS = new Set(['electron/ipc/web-socket-client.ts', 'electron/ipc/page-token.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

interface ImportEdge { from: string; to: string; typeOnly: boolean }

function relativeImports(file: string): ImportEdge[] {
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

/** Every import that breaks a rule, as "from → to (why)". */
export function layerViolations(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const edge of files.flatMap(relativeImports)) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (!from || !to || from === to) continue;
    if (!(ALLOWED[from] ?? []).includes(to)) out.push(`${edge.from} → ${edge.to} (${from} may not import ${to})`);
    else if (ENTRIES[to] && !ENTRIES[to]!.includes(edge.to)) out.push(`${edge.from} → ${edge.to} (enter ${to} through ${ENTRIES[to]!.join(' or ')})`);
    else if (from === 'renderer' && !edge.typeOnly && !RENDERER_VALUE_IMPORTS.has(edge.to)) {
      out.push(`${edge.from} → ${edge.to} (the renderer takes only types from the contract)`);
    }
  }
  return out;
}

test('every import in electron/ and renderer/ follows the layers', () => {
  const files = [...sourceFiles(join(REPO_ROOT, 'electron')), ...sourceFiles(join(REPO_ROOT, 'renderer', 'src'))];
  assert.deepEqual(layerViolations(files), []);
});
