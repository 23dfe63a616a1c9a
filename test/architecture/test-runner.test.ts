// scripts/test-plan.mjs and scripts/run-node-tests.mjs: which files may share the machine or one
// process, and what the runner prints. Files that start redis-server, Chromium, a web host or the CLI,
// or restore photos on every core run one per lane (browser, machine); the long files that only compute
// run in their own processes beside them; the short ones share a few processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { relativeImports } from '../helpers/relative-imports.ts';

const RUNNER = join(REPO_ROOT, 'scripts', 'run-node-tests.mjs');
type Counts = Record<'tests' | 'pass' | 'fail' | 'cancelled' | 'skipped' | 'todo', number>;
const { pytestCounts } = (await import(pathToFileURL(RUNNER).href)) as { pytestCounts: (output: string) => Counts };
const { SERIAL, LONG_FIRST, BATCH_SIZE, parallelJobs, isSerial, laneOf, batchable, batchGroup } = (await import(
  pathToFileURL(join(REPO_ROOT, 'scripts', 'test-plan.mjs')).href
)) as {
  SERIAL: string[];
  LONG_FIRST: string[];
  BATCH_SIZE: number;
  parallelJobs: (files: string[], readSource: (file: string) => string) => { files: string[] }[];
  isSerial: (file: string) => boolean;
  laneOf: (file: string) => 'browser' | 'machine' | null;
  batchable: (file: string, source: string) => boolean;
  batchGroup: (source: string) => 'host' | 'plain';
};
const readSource = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

const testFiles = readdirSync(join(REPO_ROOT, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.test.ts') && !path.includes('fixtures'))
  .map((path) => join('test', path));

test('every serial entry names a test file or folder that exists', () => {
  for (const entry of SERIAL) assert.ok(existsSync(join(REPO_ROOT, entry)), `${entry} exists`);
});

test('files that start redis-server or Chromium run one per lane: browser files one at a time, Redis and CLI files one at a time', () => {
  const self = join('test', 'architecture', 'test-runner.test.ts'); // its pattern below would match itself
  const needsItAlone = testFiles.filter((file) => {
    if (file === self) return false;
    const source = readFileSync(join(REPO_ROOT, file), 'utf8');
    return file.startsWith(join('test', 'e2e')) || /from '[./]*(distributed\/redis-server|e2e\/browser-session)\.ts'|from 'playwright-core'/.test(source);
  });
  assert.ok(needsItAlone.length >= 20, `found the Redis and browser test files (${needsItAlone.length})`);
  for (const file of needsItAlone) assert.ok(isSerial(file), `${file} runs alone`);
  assert.equal(isSerial(join('test', 'renderer', 'tally.test.ts')), false, 'pure files run side by side');
  for (const file of needsItAlone) {
    const browser = file.startsWith(join('test', 'e2e'));
    assert.equal(laneOf(file), browser ? 'browser' : 'machine', `${file}'s lane`);
  }
  assert.equal(laneOf(join('test', 'renderer', 'tally.test.ts')), null);
});

test('the runner counts the tests of the files it ran, names skipped ones and lists the slowest files', () => {
  const run = spawnSync(process.execPath, [RUNNER, join('test', 'main', 'packaging.test.ts')], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^ok +[\d.]+ s {2}test\/main\/packaging\.test\.ts {2}\(\d+ tests/m);
  assert.match(run.stdout, /# The 10 slowest files\n +[\d.]+ s {2}test\/main\/packaging\.test\.ts/);
  const totals = /# 1 files and scripts, (\d+) tests, (\d+) pass, 0 fail, 0 cancelled, (\d+) skipped, 0 todo, in \d+ s/.exec(run.stdout);
  assert.ok(totals, run.stdout);
  assert.equal(Number(totals[1]), Number(totals[2]) + Number(totals[3]), 'every test counted once');
  assert.ok(Number(totals[1]) >= 8);
  if (!existsSync(join(REPO_ROOT, 'node_modules', 'electron', 'dist'))) assert.match(run.stdout, /skipped: .*SKIPPED, not built/);
});

test("the Python tests run beside the Node ones are counted from pytest's summary line", () => {
  assert.deepEqual(pytestCounts('....F.s\n3 failed, 120 passed, 2 skipped, 1 warning in 40.12s (0:00:40)\n'), {
    tests: 125,
    pass: 120,
    fail: 3,
    cancelled: 0,
    skipped: 2,
    todo: 0,
  });
  assert.deepEqual(pytestCounts('===== 7 passed in 1.00s =====\n'), { tests: 7, pass: 7, fail: 0, cancelled: 0, skipped: 0, todo: 0 });
  assert.deepEqual(pytestCounts('no summary'), { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 });
});

test('the long files that may run beside any other start first, each in its own process; the short ones share a few; none is serial', () => {
  for (const file of LONG_FIRST) {
    assert.ok(existsSync(join(REPO_ROOT, file)), `${file} exists`);
    assert.equal(isSerial(file), false, `${file} is not serial`);
  }
  const jobs = parallelJobs(testFiles, readSource);
  assert.deepEqual(
    jobs.slice(0, LONG_FIRST.length).map((job) => job.files),
    LONG_FIRST.map((f) => [join(...f.split('/'))]),
  );
  const planned = jobs.flatMap((job) => job.files);
  assert.deepEqual([...planned].sort(), testFiles.filter((f) => !isSerial(f)).sort(), 'every other file once');
  const batches = jobs.filter((job) => job.files.length > 1);
  assert.ok(batches.length >= 2, `the short files share a few processes (${batches.length})`);
  assert.ok(batches.every((job) => job.files.length <= BATCH_SIZE));
  assert.ok(batches.flatMap((job) => job.files).length > 100, 'most files share a process');
});

test("a file with a root-level beforeEach or afterEach keeps its own process: in a shared one they would run around other files' tests", () => {
  const file = join('test', 'renderer', 'tally.test.ts');
  assert.equal(batchable(file, "import { test } from 'node:test';\ntest('x', () => {});\n"), true);
  assert.equal(batchable(file, "import { beforeEach, test } from 'node:test';\nbeforeEach(() => {});\n"), false);
  assert.equal(batchable(file, "import { test } from 'node:test';\ntest.afterEach(() => {});\n"), false);
  assert.equal(batchable(file, "test('x', (t) => {\n  t.beforeEach(() => {});\n});\n"), true, 'a hook inside a test stays inside it');
  assert.equal(batchable(LONG_FIRST[0]!, ''), false, 'a long file');
  assert.equal(batchable(join('test', 'e2e', 'web.test.ts'), ''), false, 'a serial file');
});

function sourceFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => join(dir, path));
}

/** Every module a file loads when it runs (its relative imports, followed; `import type` loads nothing). */
function loadedModules(file: string, seen = new Set<string>()): Set<string> {
  for (const edge of relativeImports(file)) {
    const target = join(REPO_ROOT, edge.to);
    if (edge.typeOnly || seen.has(target) || !target.endsWith('.ts') || !existsSync(target)) continue;
    seen.add(target);
    loadedModules(target, seen);
  }
  return seen;
}

test("the files that start the app host share processes only with each other: its block of sharp's non-photo decoders is process-wide", () => {
  const host = join(REPO_ROOT, 'electron', 'app', 'host.ts');
  const blockers = sourceFilesUnder(join(REPO_ROOT, 'electron')).filter((f) => /allowOnlyPhotoDecoders\(\);/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(blockers, [host], 'only the host blocks them');
  const batched = parallelJobs(testFiles, readSource).filter((job) => job.files.length > 1);
  for (const job of batched) assert.equal(new Set(job.files.map((f) => batchGroup(readSource(f)))).size, 1, `one group in ${job.files.join(', ')}`);
  const hostFiles = batched.flatMap((job) => job.files).filter((f) => loadedModules(join(REPO_ROOT, f)).has(host));
  assert.ok(hostFiles.length >= 5, `found the batched files that load the host (${hostFiles.length})`);
  for (const file of hostFiles) assert.equal(batchGroup(readSource(file)), 'host', `${file} loads the host`);
  assert.equal(batchGroup(readSource(join('test', 'image-files', 'read-write.test.ts'))), 'plain', 'the SVG refusal is tested with libvips defaults');
});

test('files that share a process are still counted and reported one by one, and a failure names its file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dvar-runner-'));
  try {
    const runner = join(dir, 'scripts');
    cpSync(join(REPO_ROOT, 'scripts'), runner, { recursive: true, filter: (path) => !path.includes('node_modules') });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
    mkdirSync(join(dir, 'test', 'unit'), { recursive: true });
    const write = (name: string, body: string) =>
      writeFileSync(join(dir, 'test', 'unit', name), `import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n${body}`);
    write('a.test.ts', "test('a1', () => {});\ntest('a2', () => {});\ntest('a3', { skip: 'not here' }, () => {});\n");
    write('b.test.ts', "test('b1', () => { assert.equal(1, 2); });\ntest('b2', () => {});\n");
    write('c.test.ts', "test('c1', async (t) => { await t.test('c1 inner', () => {}); });\n");
    write('d.test.ts', "throw new Error('broken at load');\n");
    const run = spawnSync(process.execPath, [join(runner, 'run-node-tests.mjs')], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /4 in 1 shared processes/);
    assert.match(run.stdout, /^ok +[\d.]+ s {2}test\/unit\/a\.test\.ts {2}\(3 tests, 1 skipped\)\n +skipped: a3 # not here$/m);
    assert.match(run.stdout, /^FAIL +[\d.]+ s {2}test\/unit\/b\.test\.ts {2}\(2 tests, 1 failed\)$/m);
    assert.match(run.stdout, /^ok +[\d.]+ s {2}test\/unit\/c\.test\.ts {2}\(2 tests\)$/m);
    assert.match(run.stdout, /^FAIL +[\d.]+ s {2}test\/unit\/d\.test\.ts {2}\(0 tests, exit 1\)$/m, 'a file that did not load fails, the others still ran');
    assert.match(run.stdout, /broken at load/);
    assert.match(run.stdout, /# 4 files and scripts, 7 tests, 5 pass, 1 fail, 0 cancelled, 1 skipped, 0 todo/);
    assert.match(run.stdout, /# Failed: test\/unit\/b\.test\.ts, test\/unit\/d\.test\.ts$/m);
    assert.match(run.stdout, /b1/, "the batch's output is shown");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
