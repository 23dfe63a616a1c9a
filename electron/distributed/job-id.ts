// Idempotent job ids: the same photo with the same options always gets the same id, so submitting a
// folder twice (or re-running a submitter that lost its connection) queues each photo once and writes
// one output. BullMQ ignores an add whose id already exists.
import { createHash } from 'node:crypto';
import type { RestoreJobData } from './restore-job.ts';

/** JSON with object keys sorted, so two equal option objects hash alike whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `restore-<40 hex>`: no colon (BullMQ reserves it) and never a bare number (BullMQ's own ids). */
export function restoreJobId(data: RestoreJobData): string {
  return `restore-${createHash('sha256').update(canonicalJson(data)).digest('hex').slice(0, 40)}`;
}
