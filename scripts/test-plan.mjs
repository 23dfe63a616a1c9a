// Which test files may share the machine, and which share one process: the plan that
// scripts/run-node-tests.mjs carries out. Measured on 2 cores (test/architecture/test-runner.test.ts
// checks the lists against the files).
//
// SERIAL files run one per lane at a time: those start servers and browsers or keep every core busy,
// and their waits and time-outs were written for a machine they share with at most one other heavy
// file. Two lanes: the browser files (Chromium and a web host each) and the rest (redis-server, the
// CLI or a host restoring photos, whole restores on every core); one file of each may run side by side.
// A file belongs in SERIAL when it starts redis-server, Chromium, a web host or the CLI on real
// photos, or restores on every core for long.
//
// The other files only compute. Most of them take well under a second, and starting Node and tsx for
// each cost more than its tests (an empty test file: ~0.5 s of CPU): they run in BATCHES, several files
// imported into one process, each file still reported on its own line with its own counts. A file that
// registers a root-level beforeEach or afterEach runs in its own process, since in a shared one those
// hooks would run around the other files' tests too. The files that start the app host share processes
// only with each other: the host allows sharp only the photo decoders, process-wide (no SVG), which
// the image-file tests, written for libvips' defaults as the CLI has them, must not inherit.
import { sep } from 'node:path';

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
 * Files that may run beside any other but take long (over about 6 s on 2 cores): each in its own
 * process, started before the short ones, so none of them is left to run alone at the end of the suite
 * (restore-output, started last, once made the run's last 20 s).
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

/** Files per batch at most: small enough that the batches fill the free slots around the long files. */
export const BATCH_SIZE = 30;

const ROOT_EACH_HOOK = /^(?:test\.)?(?:beforeEach|afterEach)\(/m;
/** Imports through which a test file starts the app host (electron/app/host.ts) in its own process. */
const STARTS_HOST = /(?:app\/host|host-helpers|web-host\/server)\.ts'/;

const slashed = (file) => file.split(sep).join('/');

export function isSerial(file) {
  const path = slashed(file);
  return SERIAL.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry));
}

/** A serial file's lane ('browser' or 'machine'), null for a file that may run beside any other. */
export function laneOf(file) {
  if (!isSerial(file)) return null;
  return slashed(file).startsWith('test/e2e/') ? 'browser' : 'machine';
}

/** Whether a file may share its process with other files (`source`: the file's text). */
export function batchable(file, source) {
  return !isSerial(file) && !LONG_FIRST.includes(slashed(file)) && !ROOT_EACH_HOOK.test(source);
}

/** Which processes a batchable file may share: 'host' for the files that start the app host, else 'plain'. */
export function batchGroup(source) {
  return STARTS_HOST.test(source) ? 'host' : 'plain';
}

/** Splits files into batches of at most BATCH_SIZE, dealt out in turn so that each gets files of every folder. */
function deal(files) {
  const batches = Array.from({ length: Math.ceil(files.length / BATCH_SIZE) }, () => []);
  files.forEach((file, i) => batches[i % batches.length].push(file));
  return batches;
}

/**
 * The jobs for the files that may run beside any other: the long ones first (LONG_FIRST's order), each
 * in its own process; then the batches (of one batchGroup each); then the files that need a process of
 * their own. A job is `{ files }`: one file, or several in one process.
 */
export function parallelJobs(files, readSource) {
  const rank = (file) => {
    const index = LONG_FIRST.indexOf(slashed(file));
    return index === -1 ? LONG_FIRST.length : index;
  };
  const free = files.filter((f) => !isSerial(f));
  const sources = new Map(free.map((f) => [f, readSource(f)]));
  const shared = free.filter((f) => batchable(f, sources.get(f)));
  const alone = free.filter((f) => !shared.includes(f)).sort((a, b) => rank(a) - rank(b));
  const long = alone.filter((f) => rank(f) < LONG_FIRST.length);
  const group = (name) => shared.filter((f) => batchGroup(sources.get(f)) === name);
  const batches = [...deal(group('host')), ...deal(group('plain'))];
  return [
    ...long.map((f) => ({ files: [f] })),
    ...batches.map((batch) => ({ files: batch })),
    ...alone.filter((f) => !long.includes(f)).map((f) => ({ files: [f] })),
  ];
}
