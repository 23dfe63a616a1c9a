// A submission: the photos one `dvar --queue` command put on the queue, recorded in Redis under a short
// id so `--status ID` can re-attach from any machine. Jobs are added with idempotent ids, so a photo
// already queued, running or restored with the same options is not queued again; one that failed for
// good, or whose output has since been deleted, is queued afresh.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Queue } from 'bullmq';
import { DvarError } from '../engine/definitions.ts';
import { restoreJobId } from './job-id.ts';
import { signJob } from './job-signature.ts';
import { RESTORE_JOB_OPTIONS, RESTORE_QUEUE_NAME, type RestoreJobData, type RestoreJobResult } from './restore-job.ts';

export interface SubmittedJob {
  jobId: string;
  input: string;
  output: string;
}

export interface SubmissionRecord {
  id: string;
  createdAt: string;
  jobs: SubmittedJob[];
}

export type RestoreQueue = Queue<RestoreJobData, RestoreJobResult>;

const RECORD_TTL_S = 7 * 24 * 3600; // as long as finished jobs are kept

function recordKey(id: string): string {
  return `bull:${RESTORE_QUEUE_NAME}:dvar-submission:${id}`;
}

/** Queues a job (checked and signed) unless an equal one is already waiting, running or done. */
async function queueOnce(queue: RestoreQueue, data: RestoreJobData, secret: Buffer): Promise<SubmittedJob> {
  const signed = signJob(data, secret);
  const jobId = restoreJobId(data);
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    const outputGone = state === 'completed' && !existsSync(data.output);
    if (state !== 'failed' && !outputGone) return { jobId, input: data.input, output: data.output };
    await existing.remove(); // a fresh job gets fresh attempts
  }
  await queue.add('restore', signed, { ...RESTORE_JOB_OPTIONS, jobId });
  return { jobId, input: data.input, output: data.output };
}

/** `secret`: the queue secret every worker checks jobs with (job-signature.ts). */
export async function submitBatch(queue: RestoreQueue, photos: RestoreJobData[], secret: Buffer): Promise<SubmissionRecord> {
  for (const data of photos) signJob(data, secret); // every job fits the schema before any is queued
  const jobs: SubmittedJob[] = [];
  for (const data of photos) jobs.push(await queueOnce(queue, data, secret));
  const record: SubmissionRecord = { id: randomBytes(6).toString('hex'), createdAt: new Date().toISOString(), jobs };
  const client = await queue.getBackend().client;
  await client.set(recordKey(record.id), JSON.stringify(record), { EX: RECORD_TTL_S });
  return record;
}

export async function loadSubmission(queue: RestoreQueue, id: string): Promise<SubmissionRecord> {
  if (!/^[0-9a-f]{12}$/.test(id)) throw new DvarError('USAGE', `--status ${id} is not a submission id; use the 12-character id that --detach printed.`);
  const client = await queue.getBackend().client;
  const text = await client.get(recordKey(id));
  if (text === null)
    throw new DvarError('INPUT_INVALID', `The queue has no submission ${id}; it may be older than a week, or on another Redis server or database.`);
  return JSON.parse(text) as SubmissionRecord;
}
