// The app's programs as test children start them: one esbuild bundle of the CLI, the queue worker, the
// web host and the engine's worker thread, built once per change of electron/ and shared by every test
// process. Under tsx each child first loads every TypeScript module through tsx's loader hooks, which
// costs more than a short CLI run itself, and the suite starts a few hundred children. The code is the
// same sources; only the loading differs. The launchers people run
// (scripts/dvar.mjs, `npm run restore`, `npm run web`) stay on tsx and keep their own tests
// (test/cli/launchers.test.ts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from './fixtures.ts';

/** Bundle name → source, for the programs tests start as children. */
const ENTRIES = {
  cli: 'electron/cli/main.ts',
  'queue-worker': 'electron/cli/queue-worker.ts',
  'web-host': 'electron/web-host/main.ts',
  // The host starts it as `./engine-worker.mjs` beside the module that starts it (engine-client.ts).
  'engine-worker': 'electron/app/engine-worker.ts',
} as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : [path];
  });
}

/** Changes whenever a file under electron/ or the dependencies change. */
function sourceKey(): string {
  const hash = createHash('sha256');
  for (const path of [...sourceFiles(join(REPO_ROOT, 'electron')), join(REPO_ROOT, 'package-lock.json')]) {
    const { mtimeMs, size } = statSync(path);
    hash.update(`${relative(REPO_ROOT, path)} ${mtimeMs} ${size}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

const OLD_BUNDLES_MS = 10 * 60_000; // a run that started from an older bundle may still be using it

let built: string | undefined;

/**
 * The folder of the current bundles, built if missing. Two folders below the repository root, as the
 * sources are, so code that finds the repository from `import.meta.url` (the default pack, the built
 * renderer, package.json) finds it from the bundles too. Processes that build at once each build into
 * a folder of their own and rename it into place; the first rename wins.
 */
export function bundleDir(): string {
  if (built) return built;
  const dist = join(REPO_ROOT, 'dist');
  const name = `test-bundles-${sourceKey()}`;
  const dir = join(dist, name);
  if (!existsSync(join(dir, 'done'))) {
    const scratch = join(dist, `.${name}-${process.pid}`);
    rmSync(scratch, { recursive: true, force: true });
    buildSync({
      absWorkingDir: REPO_ROOT,
      entryPoints: ENTRIES,
      outdir: scratch,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external', // node_modules load as they do for the sources
      sourcemap: 'linked',
      logLevel: 'error',
    });
    mkdirSync(join(scratch, 'done'));
    try {
      renameSync(scratch, dir);
    } catch {
      rmSync(scratch, { recursive: true, force: true }); // another process put the same bundles there first
    }
    for (const other of readdirSync(dist)) {
      const path = join(dist, other);
      if (other.startsWith('test-bundles-') && other !== name && Date.now() - statSync(path).mtimeMs > OLD_BUNDLES_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    }
  }
  return (built = dir);
}

/**
 * Node's arguments that run `source` (a path from the repository root): its bundle where it is one of
 * the programs above, else the source through tsx.
 */
export function entryArgs(source: string): string[] {
  const name = Object.entries(ENTRIES).find(([, path]) => path === source)?.[0];
  return name ? ['--enable-source-maps', join(bundleDir(), `${name}.mjs`)] : ['--import', 'tsx', source];
}
