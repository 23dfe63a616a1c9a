// Idempotent job ids: the same photo with the same options always gets the same id, so submitting a
// folder twice (or re-running a submitter that lost its connection) queues each photo once and writes
// one output. BullMQ ignores an add whose id already exists.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { RestoreJobData } from './restore-job.ts';

/** `restore-<40 hex>`: no colon (BullMQ reserves it) and never a bare number (BullMQ's own ids). */
export function restoreJobId(data: RestoreJobData): string {
  return `restore-${createHash('sha256').update(canonicalJson(data)).digest('hex').slice(0, 40)}`;
}
