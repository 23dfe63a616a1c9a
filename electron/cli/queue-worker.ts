// `npm run worker -- --queue URL`: a restore worker for batches submitted with `dvar --queue URL`.
// Runs until stopped: Ctrl-C (or SIGTERM) finishes the photos in hand and exits; a second one exits at
// once, and those photos go back to the queue for another worker when their lock lapses.
//   0 stopped cleanly · 1 could not start · 2 usage error
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { removePendingTempFilesSync } from '../image-files/index.ts';
import { DvarError } from '../engine/definitions.ts';
import { checkQueueConnection } from '../distributed/check-connection.ts';
import { trustQueueCa } from '../distributed/queue-ca.ts';
import { parseQueueUrl } from '../distributed/queue-url.ts';
import { startRestoreWorker } from '../distributed/restore-worker.ts';
import { loadQueueSecret, QUEUE_SECRET_ENV, QUEUE_SECRET_FILE_ENV } from '../distributed/job-signature.ts';
import { stopOnSignals } from '../jobs/index.ts';
import { cliSentence } from './error-words.ts';

const HELP = `Usage: npm run worker -- --queue URL --output-root DIR [options]

Takes photos queued with \`npm run restore -- --queue URL ...\` and restores them here. Every worker
needs the photos' shared storage mounted at the same path as the submitting machine.

A worker acts only on jobs signed with the queue secret it shares with the submitters, and writes
only files named as DVAR names outputs (<photo>-dvar-x<scale>.<format>) in folders under its output
root; an existing file there is replaced only when DVAR wrote it. Other jobs are refused, not retried.

      --queue URL         redis://[:PASSWORD@]HOST:PORT[/DB], or rediss://... for TLS
      --output-root DIR   write outputs only under DIR (required; symlinks are resolved)
      --queue-secret-file FILE
                          the secret jobs are signed with, shared with every submitter (or set
                          ${QUEUE_SECRET_FILE_ENV}=FILE or ${QUEUE_SECRET_ENV}=SECRET)
      --queue-ca FILE     with rediss://: trust the Redis server's certificate signed by this CA (PEM)
      --concurrency N     photos restored at once by this worker, each with its own engine (default 1)
      --threads N         CPU threads per model graph (default: all cores)
      --lock-seconds N    how soon a photo of a worker that died is retried elsewhere (default 30)
  -h, --help              show this help
`;

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new DvarError('USAGE', `--${name} must be a whole number of ${min} or more, not "${text}".`);
  return Number(text);
}

function parse(argv: string[]) {
  const { values: v, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      queue: { type: 'string' },
      'queue-ca': { type: 'string' },
      'output-root': { type: 'string' },
      'queue-secret-file': { type: 'string' },
      concurrency: { type: 'string' },
      threads: { type: 'string' },
      'lock-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return null;
  if (positionals.length > 0) throw new DvarError('USAGE', `A worker takes its photos from the queue; remove ${positionals[0]} from the command.`);
  if (v.queue === undefined) throw new DvarError('USAGE', 'Give the queue to work for with --queue redis://HOST:PORT.');
  if (v['output-root'] === undefined)
    throw new DvarError('USAGE', "Give the folder this worker may write outputs under with --output-root DIR (the shared storage's output folder).");
  const outputRoot = resolve(v['output-root']);
  if (!statSync(outputRoot, { throwIfNoEntry: false })?.isDirectory())
    throw new DvarError('USAGE', `--output-root ${outputRoot} is not a folder; create it or mount the shared storage first.`);
  return {
    outputRoot,
    secret: loadQueueSecret(v['queue-secret-file']),
    target: trustQueueCa(parseQueueUrl(v.queue), v['queue-ca']),
    concurrency: wholeNumber('concurrency', v.concurrency, 1, 1),
    threads: v.threads === undefined ? undefined : wholeNumber('threads', v.threads, 1, 1),
    lockMs: 1000 * wholeNumber('lock-seconds', v['lock-seconds'], 30, 2),
  };
}

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    const message = error instanceof DvarError ? error.message : `${(error as Error).message.split('\n')[0]}; run with --help.`;
    process.stderr.write(`dvar worker: ${message}\n`);
    return 2;
  }
  if (options === null) return (process.stdout.write(HELP), 0);
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  try {
    await checkQueueConnection(options.target); // a wrong address or password: one sentence, not a hang
  } catch (error) {
    process.stderr.write(`dvar worker: ${error instanceof DvarError ? cliSentence(error) : (error as Error).message}\n`);
    return 1;
  }
  const worker = startRestoreWorker({
    connection: options.target.connection,
    concurrency: options.concurrency,
    threads: options.threads,
    lockMs: options.lockMs,
    outputRoot: options.outputRoot,
    secret: options.secret,
    log,
  });
  stopOnSignals({
    gracefully: async () => {
      log('Finishing the photos in hand, then stopping; press Ctrl-C again to stop at once.');
      await worker.close();
      return 0;
    },
    quickly: removePendingTempFilesSync,
  });
  await worker.ready();
  log(`Worker ${worker.id} ready on ${options.target.display} (concurrency ${options.concurrency}, outputs under ${options.outputRoot}).`);
  return new Promise<number>(() => undefined); // runs until a signal stops it
}

process.exitCode = await main(process.argv.slice(2));
