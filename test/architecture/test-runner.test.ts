// scripts/run-node-tests.mjs: which files may share the machine, and what it prints. The split was
// measured on 2 cores: files that only compute run 2 at a time; files that start redis-server,
// Chromium, a web host or the CLI, or restore photos on every core run one per lane (browser, machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/fixtures.ts';

const RUNNER = join(REPO_ROOT, 'scripts', 'run-node-tests.mjs');
type Counts = Record<'tests' | 'pass' | 'fail' | 'cancelled' | 'skipped' | 'todo', number>;
const { SERIAL, LONG_FIRST, parallelOrder, isSerial, laneOf, pytestCounts } = (await import(pathToFileURL(RUNNER).href)) as {
  SERIAL: string[];
  LONG_FIRST: string[];
  parallelOrder: (files: string[]) => string[];
  isSerial: (file: string) => boolean;
  laneOf: (file: string) => 'browser' | 'machine' | null;
  pytestCounts: (output: string) => Counts;
};

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

test('the long files that may run beside any other start before the short ones, and none of them is serial', () => {
  for (const file of LONG_FIRST) {
    assert.ok(existsSync(join(REPO_ROOT, file)), `${file} exists`);
    assert.equal(isSerial(file), false, `${file} is not serial`);
  }
  const order = parallelOrder(testFiles);
  assert.deepEqual(
    order.slice(0, LONG_FIRST.length),
    LONG_FIRST.map((f) => join(...f.split('/'))),
  );
  assert.equal(order.length, testFiles.filter((f) => !isSerial(f)).length);
  assert.ok(order.every((f) => !isSerial(f)));
});
