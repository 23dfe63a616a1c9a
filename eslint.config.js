// ESLint for the TypeScript sources (typescript-eslint's recommended rules), run by `npm test`.
// Svelte components are checked by svelte-check; Python by ruff. The layers (scripts/layers.json, also
// checked by test/architecture/layers.test.ts) become no-restricted-imports rules, so an editor marks an
// import that runs the wrong way as it is typed.
import tseslint from 'typescript-eslint';
import table from './scripts/layers.json' with { type: 'json' };

/**
 * Import path patterns for a layer's folder and files as `importer` writes them: '../jobs/x.ts' inside
 * electron/, '../../electron/jobs/x.ts' from outside (where test/ has folders of the same names).
 */
const inside = (importer, path) => (table.layers[importer].dir.startsWith('electron/') ? path.replace(/^electron\//, '') : path);
const folderOf = (importer, layer) => `**/${inside(importer, table.layers[layer].dir)}/**`;
const without = (importer, entries) => entries.map((entry) => `!**/${inside(importer, entry)}`);

/** The no-restricted-imports patterns of one layer: the layers it may not import, and the entry modules of those it may. */
function layerPatterns(name) {
  const layer = table.layers[name];
  const others = Object.keys(table.layers).filter((other) => other !== name && other !== 'bench' && table.layers[other].dir !== 'renderer/src');
  const patterns = others
    .filter((other) => !layer.allowed.includes(other))
    .map((other) => ({ group: [folderOf(name, other)], message: `${name} may not import ${other} (scripts/layers.json).` }));
  if (name !== 'renderer') patterns.push({ group: ['**/renderer/src/**'], message: `${name} may not import the renderer (scripts/layers.json).` });
  if (name !== 'bench') patterns.push({ group: ['**/bench/*'], message: `${name} may not import the benchmarks (scripts/layers.json).` });
  for (const other of layer.reachesInside ? [] : layer.allowed) {
    const entries = table.layers[other].entries;
    if (entries)
      patterns.push({
        group: [folderOf(name, other), ...without(name, entries)],
        message: `Enter ${other} through ${entries.join(' or ')} (scripts/layers.json).`,
      });
  }
  if (name === 'renderer') {
    patterns.push({
      group: [folderOf(name, 'ipc'), ...without(name, table.rendererValueImports)],
      allowTypeImports: true,
      message: 'The renderer takes only types from the contract (scripts/layers.json).',
    });
  }
  return patterns;
}

/** The TypeScript that tsconfig.json type-checks, and so the rules that need types can read. */
const typeChecked = ['electron/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'renderer/dist/', 'models/', 'build/', '.venv/', 'out/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused arguments named _x are deliberate (callbacks that must keep a position).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An entry module names what it exports, so a reader sees a package's surface in one file.
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name the exports (export { a, type B } from ...) instead of export *.' }],
    },
  },
  // The rules that need types too (floating promises, unsafe any, needless assertions...), on everything
  // tsconfig.json covers; tests relax a few below.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: typeChecked })),
  {
    files: typeChecked,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read and edit raw JSON (manifests, parity vectors, child processes' reports) as any on purpose;
      // the no-unsafe-* rules exist to flag any values, so here they would flag exactly that.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes of async interfaces are async functions, so that a throw in one rejects as the real one would.
      '@typescript-eslint/require-await': 'off',
      // node:test runs a test() whether or not its promise is awaited, and reports the failures itself.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: 'test' }] }],
    },
  },
  ...Object.entries(table.layers).map(([name, layer]) => ({
    files: [`${layer.dir}/**/*.ts`],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: layerPatterns(name) }] },
  })),
);
