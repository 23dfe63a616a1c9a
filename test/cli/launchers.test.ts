// The commands a newcomer types first: `dvar` (package.json "bin") from any folder, `npm start`
// where Electron is missing, and the Node versions package.json promises against what the
// installed packages ask for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { makeTempDir } from '../helpers/images.ts';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  bin?: Record<string, string>;
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const semver = createRequire(import.meta.url)('semver') as { satisfies(v: string, range: string): boolean; minVersion(range: string): { version: string } };

test('package.json has a dvar command that runs the CLI from any folder', () => {
  const launcher = join(REPO_ROOT, pkg.bin?.dvar ?? 'missing');
  assert.ok(existsSync(launcher), 'bin.dvar points at a file');
  assert.ok(statSync(launcher).mode & 0o111, 'and it is executable');
  const { dir, cleanup } = makeTempDir('dvar-bin');
  try {
    const r = spawnSync(process.execPath, [launcher, '--version'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^dvar \S+ \(DVAR Studio\); model packs: default \S+/);
    const bad = spawnSync(process.execPath, [launcher, '--scale', '5', 'x.jpg'], { cwd: dir, encoding: 'utf8' });
    assert.equal(bad.status, 2, "the CLI's own exit codes come through");
  } finally {
    cleanup();
  }
});

test('npm start without Electron: one sentence on what to do, exit 1, no build first', (t) => {
  assert.equal(pkg.scripts.start, 'node scripts/start-app.mjs');
  if (existsSync(join(REPO_ROOT, 'node_modules', 'electron', 'path.txt'))) return t.skip('Electron is installed here');
  const started = Date.now();
  const r = spawnSync(process.execPath, ['scripts/start-app.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '', 'nothing built');
  assert.deepEqual(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^Electron is not installed here .*npm install electron.*npm run web/);
  assert.ok(Date.now() - started < 10_000);
});

test('engines.node: every version it allows runs the app and the test toolchain (what npm ci installs for them)', () => {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { engines?: { node?: string }; dev?: boolean; optional?: boolean; os?: string[]; cpu?: string[] }>;
  };
  // Packaging (electron-builder's @electron/rebuild and node-abi) and the bench's charts (vega-lite)
  // want Node 22; README says so. Everything else must accept the oldest Node that engines allows.
  const NODE_22_ONLY = new Set(['@electron/rebuild', 'node-abi', 'vega-lite']);
  const oldest = [semver.minVersion(pkg.engines.node).version, '22.13.0'];
  const refused: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.replace(/^.*node_modules\//, '');
    const range = entry.engines?.node;
    if (!path || !range || NODE_22_ONLY.has(name)) continue;
    if (entry.os?.includes(process.platform) === false || entry.cpu?.includes(process.arch) === false) continue; // never installed here
    for (const node of oldest) if (!semver.satisfies(node, range)) refused.push(`${name} (${range}) refuses Node ${node}`);
  }
  assert.deepEqual(refused, []);
});
