// `dvar --queue URL …`: instead of restoring here, queue one job per photo on Redis for `npm run worker`
// processes (electron/distributed) and follow them with one progress bar; `--detach` returns at once,
// `--status ID` follows an earlier submission. Same exit codes as a local run. Ctrl-C stops following
// (a second one exits at once) even when Redis has gone away: its connections are ours to cut.
import { resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { DvarError } from '../engine/definitions.ts';
import { collectInputs } from '../jobs/index.ts';
import { createOutputFolders, planOutputs } from '../jobs/index.ts';
import { checkQueueConnection } from '../distributed/check-connection.ts';
import { FOLLOWER_CLOSE_DEADLINE_MS, QueueClients } from '../distributed/queue-clients.ts';
import { packRefFor } from '../distributed/pack-ref.ts';
import { trustQueueCa } from '../distributed/queue-ca.ts';
import { parseQueueUrl } from '../distributed/queue-url.ts';
import { RESTORE_QUEUE_NAME, type RestoreJobData, type RestoreJobResult } from '../distributed/restore-job.ts';
import { loadQueueSecret } from '../distributed/job-signature.ts';
import { humanSubmissionReporter, jsonSubmissionReporter, type SubmissionReporter } from './submission-report.ts';
import { loadSubmission, submitBatch, type SubmissionRecord } from '../distributed/submission.ts';
import { watchSubmission } from '../distributed/watch-submission.ts';
import type { CliOptions } from './args.ts';
import { photoOutputOf } from './photo-output.ts';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_CANCELLED = 130;

/** One job per photo, with absolute paths: workers on other machines have another working directory. */
async function planJobs(options: CliOptions, say: (line: string) => void): Promise<RestoreJobData[]> {
  const pack = packRefFor(options.packDir);
  const { files, emptyFolders } = await collectInputs(
    options.inputs.map((p) => resolve(p)),
    { recursive: options.recursive },
  );
  for (const folder of emptyFolders) say(`No photos found in ${folder}.`);
  if (files.length === 0) throw new DvarError('INPUT_INVALID', 'There are no photos to restore.');
  const tasks = planOutputs(files, { ...options, outputDir: options.outputDir && resolve(options.outputDir) });
  await createOutputFolders(tasks);
  return tasks.map((task) => ({
    input: task.input,
    output: task.output,
    pack,
    ...photoOutputOf(options),
  }));
}

async function openQueue(clients: QueueClients): Promise<Queue<RestoreJobData, RestoreJobResult>> {
  const queue = new Queue<RestoreJobData, RestoreJobResult>(RESTORE_QUEUE_NAME, { connection: clients.client });
  queue.on('error', () => undefined); // ioredis reconnects after an outage; commands wait for it
  await queue.waitUntilReady();
  return queue;
}

export async function runQueueSubmission(options: CliOptions, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<number> {
  const { url, detach, statusId, caFile, secretFile } = options.queue!;
  const target = trustQueueCa(parseQueueUrl(url), caFile);
  const reporter: SubmissionReporter = options.json ? jsonSubmissionReporter(io.stdout) : humanSubmissionReporter(io, 0, options.quiet);
  if (options.threads !== undefined) reporter.info('--threads is set on each worker (npm run worker -- --threads N); the submitter ignores it.');
  // Following needs no secret; queuing does, before anything else (workers refuse unsigned jobs).
  const secret = statusId === undefined ? loadQueueSecret(secretFile) : null;
  const jobs = statusId === undefined ? await planJobs(options, (line) => reporter.info(line)) : [];
  await checkQueueConnection(target); // a wrong address or password: one sentence, not a hang
  const clients = new QueueClients(target.connection);
  const queue = await openQueue(clients);
  let events: QueueEvents | undefined;
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= clients.close(() => Promise.all([events?.close(), queue.close()]), { deadlineMs: FOLLOWER_CLOSE_DEADLINE_MS }));
  try {
    let record: SubmissionRecord;
    if (statusId === undefined) {
      record = await submitBatch(queue, jobs, secret!);
      if (detach) {
        io.stdout.write(options.json ? `${JSON.stringify({ type: 'submitted', id: record.id, photos: record.jobs.length })}\n` : `${record.id}\n`);
        if (!options.json && !options.quiet)
          io.stderr.write(`Queued ${record.jobs.length} photo(s) on ${target.display}; follow them with --queue URL --status ${record.id}.\n`);
        return EXIT_OK;
      }
    } else {
      record = await loadSubmission(queue, statusId);
    }
    events = new QueueEvents(RESTORE_QUEUE_NAME, { connection: clients.client });
    events.on('error', () => undefined);
    await events.waitUntilReady();
    const shown = options.json ? reporter : humanSubmissionReporter(io, record.jobs.length, options.quiet);
    shown.info(`Submission ${record.id}: ${record.jobs.length} photo(s) on ${target.display}.`);

    const controller = new AbortController();
    process.once('SIGINT', () => {
      controller.abort();
      void close(); // a poll waiting for a Redis that is gone fails now instead of waiting for ever
    });
    const started = Date.now();
    const tally = await watchSubmission(queue, events, record, { onUpdate: (u) => shown.update(u), signal: controller.signal }).catch((error: unknown) => {
      if (controller.signal.aborted) return null; // its connection was closed under it
      throw error;
    });
    if (tally === null || controller.signal.aborted) {
      shown.info(`Stopped following; the workers carry on. Re-attach with --queue URL --status ${record.id}.`);
      return EXIT_CANCELLED;
    }
    shown.summary(tally, Date.now() - started);
    return tally.failed > 0 ? EXIT_FAILED : EXIT_OK;
  } finally {
    await close();
  }
}
