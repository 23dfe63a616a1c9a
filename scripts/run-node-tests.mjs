// Runs every `*.test.ts` under test/ with Node's test runner and tsx (Node 20 has no test globs), one
// child process per file, and times each file itself.
//
//   node scripts/run-node-tests.mjs [filter]     only files whose path contains `filter`
//
// DVAR_TEST_CONCURRENCY files run at a time (default: one more than the machine's cores; 1 runs them one
// by one), but never two SERIAL files of one lane together: those start servers and browsers or keep every core busy,
// and their waits and time-outs were written for a machine they share with at most one other heavy file.
// Two lanes: the browser files (Chromium and a web host each) and the rest (redis-server, the CLI or a
// host restoring photos, whole restores on every core); one file of each may run side by side, so the
// serial files, most of the suite's time, no longer run end to end on one core (498 s of a 498 s run
// on 2 cores before). The other files only compute and fill the remaining slots. The slot beyond the
// cores exists because the serial files spend much of their time waiting on a browser, a server or a
// child process (a whole run on 2 cores kept 1.25 of them busy), and because with one slot per core the
// two lanes took every slot from the start, so the Python tests, type check and lint (the `--also`
// scripts, first in line for a free slot) only began once a lane had finished, and ended the run. A file belongs in SERIAL
// when it starts redis-server, Chromium, a web host or the CLI on real photos, or restores on every core
// for long; the list was made from each file's time and load measured on 2 cores, and
// test/architecture/test-runner.test.ts checks that it names existing files and holds every Redis and
// browser test.
//
// Each file's output is printed when it ends: in full when it failed (or with DVAR_TEST_VERBOSE=1),
// otherwise one line with its time and counts, plus every skipped test with the reason it gives. The
// totals and the 10 slowest files come last.
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, sep } from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Files (paths with /) and folders (ending in /) of which at most one file runs at a time. */
export const SERIAL = [
  'test/e2e/', // Chromium and a web host per file
  // A redis-server each, and workers restoring photos.
  'test/distributed/batch.test.ts',
  'test/distributed/password.test.ts',
  'test/distributed/queue-clients.test.ts',
  'test/distributed/reliability.test.ts',
  'test/distributed/stop-without-redis.test.ts',
  'test/distributed/tls.test.ts',
  'test/app/remote-batch.test.ts',
  'test/app/remote-batch-close.test.ts',
  'test/app/remote-batch-tls.test.ts',
  'test/reliability/queue-worker-trust.test.ts',
  // The CLI or a host in child processes, restoring photos, killed or stopped mid-restore.
  'test/cli/cli.test.ts',
  'test/cli/launchers.test.ts',
  'test/cli/long-job.test.ts',
  'test/cli/progress-line.test.ts',
  'test/reliability/batch-existing-outputs.test.ts',
  'test/reliability/cli-faults.test.ts',
  'test/reliability/cli-inputs.test.ts',
  'test/reliability/cli-overwrite.test.ts',
  'test/reliability/input-checks.test.ts',
  'test/reliability/local-user.test.ts',
  'test/reliability/stop-mid-photo.test.ts',
  'test/app/queue-crash.test.ts',
  'test/main/main-process.test.ts',
  'test/web-host/web-host.test.ts',
  // Engine worker threads or whole restores on every core for seconds at a time.
  'test/app/bundled-packs-host.test.ts',
  'test/app/engine-client.test.ts',
  'test/app/engine-client-close.test.ts',
  'test/app/host.test.ts',
  'test/engine/restorer-pack.test.ts',
  // Benchmark runs and peer models.
  'test/bench/esrgan-heap.test.ts',
  'test/bench/esrgan-threads.test.ts',
  'test/bench/smoke.test.ts',
];

/**
 * Files that may run beside any other but take long (over about 6 s on 2 cores): started before the
 * short ones, so none of them is left to run alone at the end of the suite (restore-output, started
 * last, once made the run's last 20 s).
 */
export const LONG_FIRST = [
  'test/jobs/restore-output.test.ts',
  'test/bench/ncnn-peer.test.ts',
  'test/engine/stages-and-ablations.test.ts',
  'test/engine/pipeline/restore-group.test.ts',
  'test/app/queue.test.ts',
  'test/engine/pipeline/preview-frames.test.ts',
  'test/app/settings-output-depth.test.ts',
  'test/app/restore-photographer.test.ts',
  'test/engine/photographer-options.test.ts',
  'test/engine/token-resolution.test.ts',
];

/** The files that may run beside any other, the long ones first (LONG_FIRST's order), then the rest as found. */
export function parallelOrder(files) {
  const path = (file) => file.split(sep).join('/');
  const rank = (file) => {
    const index = LONG_FIRST.indexOf(path(file));
    return index === -1 ? LONG_FIRST.length : index;
  };
  return files.filter((f) => !isSerial(f)).sort((a, b) => rank(a) - rank(b));
}

export function isSerial(file) {
  const path = file.split(sep).join('/');
  return SERIAL.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry));
}

/** A serial file's lane ('browser' or 'machine'), null for a file that may run beside any other. */
export function laneOf(file) {
  if (!isSerial(file)) return null;
  return file.split(sep).join('/').startsWith('test/e2e/') ? 'browser' : 'machine';
}

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const COUNTS = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];

/** Runs a command to its end; resolves with its time, exit and output (stdout and stderr together). */
function runCommand(name, command, args, parseCounts) {
  const began = performance.now();
  return new Promise((resolve) => {
    // Without NODE_TEST_CONTEXT: started from inside a test, the child would report to that test's runner.
    const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
    const child = spawn(command, args, { env });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      const skips = output
        .split('\n')
        .filter((line) => line.trimStart().startsWith('﹣'))
        .map((line) => line.trim());
      resolve({ file: name, seconds: (performance.now() - began) / 1000, ok: code === 0, exit: signal ?? code, counts: parseCounts(output), skips, output });
    });
  });
}

/** node:test's spec reporter ends with `ℹ tests 5`, `ℹ pass 5`, … */
export const specCounts = (output) => Object.fromEntries(COUNTS.map((name) => [name, Number(new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? 0)]));

/** pytest ends with `3 failed, 120 passed, 2 skipped in 40.1s`; other scripts count no tests. */
export function pytestCounts(output) {
  const summary = /^=* ?((?:\d+ \w+(?:, )?)+) in [\d.]+s/m.exec(output)?.[1] ?? '';
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(summary)?.[1] ?? 0);
  const counts = { pass: count('passed'), fail: count('failed') + count('error'), cancelled: 0, skipped: count('skipped'), todo: count('xfailed') };
  return { tests: counts.pass + counts.fail + counts.skipped + counts.todo, ...counts };
}

/** One test file in its own `node --test`, or (`npm:NAME`) one npm script. */
function runJob(job) {
  if (job.startsWith('npm:')) return runCommand(`npm run ${job.slice(4)}`, 'npm', ['run', '--silent', job.slice(4)], pytestCounts);
  return runCommand(job, process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', job], specCounts);
}

function report(result) {
  const { file, seconds, ok, counts, skips, output } = result;
  if (!ok || process.env.DVAR_TEST_VERBOSE === '1') process.stdout.write(`\n# ${file}\n${output}\n`);
  const status = ok ? 'ok  ' : 'FAIL';
  const extra = [counts.skipped && `${counts.skipped} skipped`, counts.fail && `${counts.fail} failed`, !ok && !counts.fail && `exit ${result.exit}`].filter(
    Boolean,
  );
  console.log(`${status} ${seconds.toFixed(1).padStart(6)} s  ${file}  (${counts.tests} tests${extra.length ? ', ' + extra.join(', ') : ''})`);
  if (ok && process.env.DVAR_TEST_VERBOSE !== '1') for (const skip of skips) console.log(`           skipped: ${skip.replace(/^﹣\s*/, '')}`);
}

/**
 * Runs the files `limit` at a time, never two SERIAL files of one lane together: a free slot takes the
 * next serial file of an idle lane (the lane with more files left first), otherwise the next of the
 * others. Reports each file as it ends.
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
  return new Promise((resolve) => {
    const pump = () => {
      while (running < limit) {
        const serialFile = nextSerial();
        const file = serialFile ?? waiting.parallel.shift();
        if (file === undefined) break;
        const lane = serialFile ? laneOf(serialFile) : null;
        running++;
        if (lane) busyLanes.add(lane);
        void runJob(file).then((result) => {
          results.push(result);
          report(result);
          running--;
          if (lane) busyLanes.delete(lane);
          if (running === 0 && waiting.parallel.length === 0 && waiting.serial.length === 0) resolve(results);
          else pump();
        });
      }
    };
    pump();
  });
}

async function main() {
  const args = process.argv.slice(2);
  // `--also SCRIPT` (repeatable): an npm script that runs beside the test files from the start, e.g.
  // the Python tests, which need one core for a minute and nothing the Node tests use.
  const also = args.flatMap((arg, i) => (args[i - 1] === '--also' ? [`npm:${arg}`] : []));
  const filter = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--also');
  const files = findTests('test')
    .filter((f) => !filter || f.includes(filter))
    .sort();
  if (files.length === 0) {
    console.error('No test files found under test/.');
    process.exit(1);
  }
  const concurrency = Math.max(1, Number(process.env.DVAR_TEST_CONCURRENCY) || availableParallelism() + 1);
  const parallel = parallelOrder(files);
  const serial = files.filter(isSerial);
  const began = performance.now();
  console.log(
    `# ${files.length} files, ${concurrency} at a time; of them ${serial.length} one per lane at a time${also.length ? `; beside them ${also.join(', ')}` : ''}`,
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

// Imported by its test for SERIAL and isSerial; run as a script otherwise.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
