// Queued jobs are signed: HMAC-SHA256 of the job's canonical JSON with a secret every submitter and
// worker shares (a file, or an environment variable). Anyone who can write to Redis can add jobs;
// only holders of the secret can add jobs a worker will act on. Workers also bound what a signed job
// may do (job-guard.ts), so a leaked secret still cannot make one replace an arbitrary file.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DvarError } from '../engine/definitions.ts';
import { canonicalJson } from './canonical-json.ts';
import { jobSchemaProblem, restoreJobData, signedRestoreJob } from './job-schema.ts';
import type { RestoreJobData } from './restore-job.ts';

/** The secret itself, or (preferred: not visible in the process list) a file holding it. */
export const QUEUE_SECRET_ENV = 'DVAR_QUEUE_SECRET';
export const QUEUE_SECRET_FILE_ENV = 'DVAR_QUEUE_SECRET_FILE';

const MIN_SECRET_BYTES = 16;

export type SignedRestoreJob = RestoreJobData & { signature: string };

/**
 * The shared secret: from `file` (--queue-secret-file), else the file DVAR_QUEUE_SECRET_FILE names,
 * else DVAR_QUEUE_SECRET. Surrounding whitespace (a trailing newline) is not part of it.
 */
export function loadQueueSecret(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Buffer {
  const path = file ?? env[QUEUE_SECRET_FILE_ENV];
  let text: string | undefined;
  if (path !== undefined && path !== '') {
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new DvarError('USAGE', `Cannot read the queue secret file ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, { cause: error });
    }
  } else {
    text = env[QUEUE_SECRET_ENV];
  }
  if (text === undefined || text.trim() === '') {
    throw new DvarError(
      'USAGE',
      `Jobs on the queue are signed with a secret every submitter and worker shares; give it with --queue-secret-file FILE or the ${QUEUE_SECRET_FILE_ENV} or ${QUEUE_SECRET_ENV} environment variable.`,
    );
  }
  const secret = Buffer.from(text.trim(), 'utf8');
  if (secret.length < MIN_SECRET_BYTES)
    throw new DvarError('USAGE', `The queue secret must be at least ${MIN_SECRET_BYTES} characters long (e.g. openssl rand -hex 32).`);
  return secret;
}

function hmac(data: RestoreJobData, secret: Buffer): string {
  return createHmac('sha256', secret).update(canonicalJson(data)).digest('hex');
}

/** Checks `data` against the job schema (one sentence if it does not fit) and signs it. */
export function signJob(data: RestoreJobData, secret: Buffer): SignedRestoreJob {
  const parsed = restoreJobData.safeParse(data);
  if (!parsed.success) throw new DvarError('INPUT_INVALID', `The job for ${String(data?.input)} cannot be queued: ${jobSchemaProblem(parsed.error)}.`);
  return { ...parsed.data, signature: hmac(parsed.data, secret) };
}

/** A worker's check of a job it took: the schema, then the signature. Throws one sentence. */
export function openSignedJob(raw: unknown, secret: Buffer): RestoreJobData {
  const parsed = signedRestoreJob.safeParse(raw);
  if (!parsed.success) {
    const unsigned = typeof raw === 'object' && raw !== null && !('signature' in raw);
    throw new DvarError(
      'INPUT_INVALID',
      unsigned
        ? 'This job is not signed, so it was refused; submit photos with the queue secret (--queue-secret-file).'
        : `This job was refused: ${jobSchemaProblem(parsed.error)}.`,
    );
  }
  const { signature, ...data } = parsed.data;
  const expected = Buffer.from(hmac(data, secret), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    throw new DvarError(
      'INPUT_INVALID',
      "This job's signature does not match this worker's queue secret, so it was refused; give the submitter and every worker the same secret.",
    );
  }
  return data;
}
