// Runs every `*.test.ts` under test/ with Node's test runner and tsx (Node 20 has no test globs) and
// times each file itself. scripts/test-plan.mjs says which files run side by side and which share one
// process.
//
//   node scripts/run-node-tests.mjs [filter]     only files whose path contains `filter`
//
// DVAR_TEST_CONCURRENCY jobs run at a time (default: one more than the machine's cores; 1 runs them one
// by one), but never two SERIAL files of one lane together. The slot beyond the cores exists because the
// serial files spend much of their time waiting on a browser, a server or a child process (a whole run
// on 2 cores kept 1.25 of them busy), and because with one slot per core the two lanes took every slot
// from the start, so the Python tests, type check and lint (the `--also` scripts, first in line for a
// free slot) only began once a lane had finished, and ended the run.
//
// Each file's output is printed when it ends: in full when it failed (or with DVAR_TEST_VERBOSE=1; for
// a batch of files, the batch's), otherwise one line with its time and counts, plus every skipped test
// with the reason it gives. The totals and the 10 slowest files come last.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isSerial, laneOf, parallelJobs } from './test-plan.mjs';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const COUNTS = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];
const noCounts = () => Object.fromEntries(COUNTS.map((name) => [name, 0]));

/**
 * The lanes' files decide how long the suite takes (each lane runs its files end to end, and on 2 cores
 * each lane took about as long as the whole run): every other job yields the processor to them (POSIX
 * `nice`) and takes the time they leave idle.
 */
const YIELD = process.platform === 'win32' ? [] : ['nice', '-n', '10'];

/**
 * Runs a command to its end (`yieldToLanes`: at a lower priority); resolves with its time, exit and
 * output (stdout and stderr together).
 */
function runCommand(command, args, yieldToLanes) {
  const began = performance.now();
  return new Promise((resolve) => {
    // Without NODE_TEST_CONTEXT: started from inside a test, the child would report to that test's runner.
    const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
    const [program, ...rest] = yieldToLanes && YIELD.length ? [...YIELD, command, ...args] : [command, ...args];
    const child = spawn(program, rest, { env });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('close', (code, signal) => {
      resolve({ seconds: (performance.now() - began) / 1000, ok: code === 0, exit: signal ?? code, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** The spec reporter marks a skipped test `﹣ name (1ms) # reason`. */
const specSkips = (output) =>
  output
    .split('\n')
    .filter((line) => line.trimStart().startsWith('﹣'))
    .map((line) => line.trim().replace(/^﹣\s*/, ''));

/** node:test's spec reporter ends with `ℹ tests 5`, `ℹ pass 5`, … */
export const specCounts = (output) => Object.fromEntries(COUNTS.map((name) => [name, Number(new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? 0)]));

/** pytest ends with `3 failed, 120 passed, 2 skipped in 40.1s`; other scripts count no tests. */
export function pytestCounts(output) {
  const summary = /^=* ?((?:\d+ \w+(?:, )?)+) in [\d.]+s/m.exec(output)?.[1] ?? '';
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(summary)?.[1] ?? 0);
  const counts = { pass: count('passed'), fail: count('failed') + count('error'), cancelled: 0, skipped: count('skipped'), todo: count('xfailed') };
  return { tests: counts.pass + counts.fail + counts.skipped + counts.todo, ...counts };
}

const TALLY_REPORTER = new URL('./test-file-tally.mjs', import.meta.url).href;
const BATCH_ENTRY = fileURLToPath(new URL('./test-batch.mjs', import.meta.url));

/**
 * Several files in one process: the spec reporter for people, scripts/test-file-tally.mjs for each
 * file's counts and time (its tests' time; the process's start-up is shared). A file that did not
 * load fails on its own line; a batch that failed outside any file's tests (an error between tests) is
 * one more failed result.
 */
async function runBatch(files) {
  const folder = mkdtempSync(join(tmpdir(), 'dvar-test-batch-'));
  const tallyPath = join(folder, 'tally.json');
  const reporters = [
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${TALLY_REPORTER}`,
    `--test-reporter-destination=${tallyPath}`,
  ];
  const run = await runCommand(process.execPath, ['--import', 'tsx', ...reporters, BATCH_ENTRY, ...files], true);
  let tally = {};
  try {
    tally = JSON.parse(readFileSync(tallyPath, 'utf8'));
  } catch {
    // No tally: the process died before its reporter ended; the batch's result below says so.
  }
  rmSync(folder, { recursive: true, force: true });
  // Tests a helper module registers are reported under the helper's name, so none goes uncounted.
  const strays = Object.keys(tally).filter((file) => !files.includes(file));
  const results = [...files, ...strays].map((file) => {
    const { seconds = 0, skips = [], ...counts } = tally[file] ?? noCounts();
    // Every test file has tests: one with none in a failed batch did not load.
    const loaded = run.ok || counts.tests > 0;
    return { file, seconds, ok: loaded && counts.fail === 0 && counts.cancelled === 0, exit: run.exit, counts, skips, output: run.output };
  });
  if (!run.ok && results.every((r) => r.ok)) {
    results.push({
      file: `the batch of ${files.length} files`,
      seconds: run.seconds,
      ok: false,
      exit: run.exit,
      counts: noCounts(),
      skips: [],
      output: run.output,
    });
  }
  return results;
}

/** One job: a test file in its own `node --test`, several in one process, or one npm script. */
async function runJob(job) {
  if (job.script) {
    const run = await runCommand('npm', ['run', '--silent', job.script], true);
    return [{ file: `npm run ${job.script}`, ...run, counts: pytestCounts(run.output), skips: [] }];
  }
  if (job.files.length > 1) return runBatch(job.files);
  const [file] = job.files;
  const run = await runCommand(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], laneOf(file) === null);
  return [{ file, ...run, counts: specCounts(run.output), skips: specSkips(run.output) }];
}

/** One line per file; its output in full when it failed (a batch's output once, before its files). */
function report(results) {
  const verbose = process.env.DVAR_TEST_VERBOSE === '1';
  const shown = new Set();
  for (const result of results) {
    const { file, seconds, ok, counts, skips, output } = result;
    if ((!ok || verbose) && !shown.has(output)) {
      shown.add(output);
      const name = results.length > 1 ? `batch: ${results.map((r) => r.file).join(', ')}` : file;
      process.stdout.write(`\n# ${name}\n${output}\n`);
    }
    const status = ok ? 'ok  ' : 'FAIL';
    const extra = [counts.skipped && `${counts.skipped} skipped`, counts.fail && `${counts.fail} failed`, !ok && !counts.fail && `exit ${result.exit}`].filter(
      Boolean,
    );
    console.log(`${status} ${seconds.toFixed(1).padStart(6)} s  ${file}  (${counts.tests} tests${extra.length ? ', ' + extra.join(', ') : ''})`);
    if (ok && !verbose) for (const skip of skips) console.log(`           skipped: ${skip}`);
  }
}

/**
 * Runs the jobs `limit` at a time, never two SERIAL files of one lane together: a free slot takes the
 * next serial file of an idle lane (the lane with more files left first), otherwise the next of the
 * other jobs. Reports each job as it ends.
 */
function runAll(parallel, serial, limit) {
  const waiting = { parallel: [...parallel], serial: [...serial] };
  const results = [];
  const busyLanes = new Set();
  let running = 0;
  const nextSerial = () => {
    const left = (lane) => waiting.serial.filter((f) => laneOf(f) === lane).length;
    const idle = [...new Set(waiting.serial.map(laneOf))].filter((lane) => !busyLanes.has(lane)).sort((a, b) => left(b) - left(a));
    if (idle.length === 0) return undefined;
    const index = waiting.serial.findIndex((f) => laneOf(f) === idle[0]);
    return waiting.serial.splice(index, 1)[0];
  };
  return new Promise((resolve, reject) => {
    const pump = () => {
      while (running < limit) {
        const serialFile = nextSerial();
        const job = serialFile ? { files: [serialFile] } : waiting.parallel.shift();
        if (job === undefined) break;
        const lane = serialFile ? laneOf(serialFile) : null;
        running++;
        if (lane) busyLanes.add(lane);
        runJob(job).then((jobResults) => {
          results.push(...jobResults);
          report(jobResults);
          running--;
          if (lane) busyLanes.delete(lane);
          if (running === 0 && waiting.parallel.length === 0 && waiting.serial.length === 0) resolve(results);
          else pump();
        }, reject);
      }
    };
    pump();
  });
}

async function main() {
  const args = process.argv.slice(2);
  // `--also SCRIPT` (repeatable): an npm script that runs beside the test files from the start, e.g.
  // the Python tests, which need one core for a minute and nothing the Node tests use.
  const also = args.flatMap((arg, i) => (args[i - 1] === '--also' ? [{ script: arg }] : []));
  const filter = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--also');
  const files = findTests('test')
    .filter((f) => !filter || f.includes(filter))
    .sort();
  if (files.length === 0) {
    console.error('No test files found under test/.');
    process.exit(1);
  }
  const concurrency = Math.max(1, Number(process.env.DVAR_TEST_CONCURRENCY) || availableParallelism() + 1);
  const parallel = parallelJobs(files, (file) => readFileSync(file, 'utf8'));
  const serial = files.filter(isSerial);
  const batched = parallel.filter((job) => job.files.length > 1);
  const began = performance.now();
  console.log(
    `# ${files.length} files, ${concurrency} jobs at a time; ${serial.length} of them one per lane at a time, ` +
      `${batched.reduce((sum, job) => sum + job.files.length, 0)} in ${batched.length} shared processes` +
      `${also.length ? `; beside them ${also.map((job) => `npm run ${job.script}`).join(', ')}` : ''}`,
  );
  const results = await runAll([...also, ...parallel], serial, concurrency);

  const total = Object.fromEntries(COUNTS.map((name) => [name, results.reduce((sum, r) => sum + r.counts[name], 0)]));
  const failed = results.filter((r) => !r.ok);
  console.log('\n# The 10 slowest files');
  for (const r of [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 10)) console.log(`${r.seconds.toFixed(1).padStart(7)} s  ${r.file}`);
  console.log(
    `\n# ${results.length} files and scripts, ${COUNTS.map((name) => `${total[name]} ${name}`).join(', ')}, in ${((performance.now() - began) / 1000).toFixed(0)} s`,
  );
  if (failed.length) console.log(`# Failed: ${failed.map((r) => r.file).join(', ')}`);
  process.exit(failed.length ? 1 : 0);
}

// Imported by its test for the counting; run as a script otherwise.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
