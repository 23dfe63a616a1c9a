// Bundles the Electron processes with esbuild (a devDependency) into dist/electron/:
//   main.cjs           electron/main/main.ts and everything it imports (host, engine client, stores)
//   engine-worker.cjs  electron/app/engine-worker.ts: the engine's worker thread, started by the host
//                      as `./engine-worker.cjs` next to the bundle that starts it
//   preload.cjs        electron/preload/preload.ts: one self-contained file, because a sandboxed
//                      preload cannot `require` anything but `electron`. It needs only the contract's
//                      channel names, so the bundle carries those instead of the zod schemas (~450 KB).
// Native and runtime-provided modules stay external. The bundles sit two folders below the app root,
// as the sources do (electron/<room>/), so module-relative paths such as the engine's
// `../../models/packs/default` resolve the same from source and from the bundle.
// Usage: node scripts/build-electron.mjs [--release]
//   --release: what an installer needs must be there (the built UI, every bundled pack), else exit 1.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'electron');
const release = process.argv.includes('--release');

const NATIVE_OR_RUNTIME = ['electron', 'onnxruntime-node', 'sharp', 'bufferutil', 'utf-8-validate'];

// CommonJS has no import.meta: give each Node bundle its own file's values, so code that finds files
// next to itself (`new URL('./engine-worker.cjs', import.meta.url)`) works after bundling.
const importMetaBanner = [
  'const __import_meta = {',
  '  url: require("node:url").pathToFileURL(__filename).href,',
  '  filename: __filename,',
  '  dirname: __dirname,',
  '  resolve: (specifier) => require("node:url").pathToFileURL(require.resolve(specifier)).href,',
  '};',
].join('\n');

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  outdir,
  outExtension: { '.js': '.cjs' },
  sourcemap: 'linked',
  logLevel: 'warning',
  external: NATIVE_OR_RUNTIME,
};

/** Replaces electron/ipc/contract.ts with its channel names (each mapped to true) in the preload. */
async function contractChannelNames() {
  const contract = await tsImport('../electron/ipc/contract.ts', import.meta.url);
  const names = (table) => JSON.stringify(Object.fromEntries(Object.keys(table).map((name) => [name, true])));
  const contents = `export const requests = ${names(contract.requests)};\nexport const events = ${names(contract.events)};\n`;
  return {
    name: 'contract-channel-names',
    setup(bundler) {
      bundler.onResolve({ filter: /[\\/]ipc[\\/]contract\.ts$/ }, (args) => ({ path: join(args.resolveDir, args.path), namespace: 'contract-names' }));
      bundler.onLoad({ filter: /.*/, namespace: 'contract-names' }, () => ({ contents, loader: 'js' }));
    },
  };
}

const nodeBundles = build({
  ...common,
  entryPoints: {
    main: 'electron/main/main.ts',
    'engine-worker': 'electron/app/engine-worker.ts',
  },
  platform: 'node',
  target: 'node22',
  banner: { js: importMetaBanner },
  define: { 'import.meta': '__import_meta' },
});

const preloadBundle = build({
  ...common,
  entryPoints: { preload: 'electron/preload/preload.ts' },
  // The sandboxed preload runs in a renderer; 'browser' makes any Node built-in a build error.
  platform: 'browser',
  target: 'chrome120',
  external: ['electron'],
  plugins: [await contractChannelNames()],
});

await Promise.all([nodeBundles, preloadBundle]);
console.log(`Built ${['main.cjs', 'engine-worker.cjs', 'preload.cjs'].map((name) => join('dist', 'electron', name)).join(', ')}.`);

// Every bundled pack the app lists (electron/engine/bundled-packs.ts), not just the default: an
// installer without one would quietly take a choice away from Settings.
const { BUNDLED_PACK_NAMES } = await tsImport('../electron/engine/bundled-packs.ts', import.meta.url);
const missing = [
  ['renderer/dist/index.html', 'the window will ask for `npm run build:renderer`'],
  ...BUNDLED_PACK_NAMES.map((name) => [
    `models/packs/${name}/manifest.json`,
    name === 'default' ? 'the app will start without its default model pack' : `Settings will not offer the bundled "${name}" pack`,
  ]),
].filter(([path]) => !existsSync(join(root, path)));
for (const [path, why] of missing) console.warn(`${release ? 'Error' : 'Note'}: ${path} is missing; ${why}.`);
if (release && missing.length > 0) process.exit(1);
