// Job ids the renderer chooses: UUIDs the host's contract accepts, also where the page is no secure
// context (a web host reached over plain http from another machine has no crypto.randomUUID), and
// preview jobs are told apart from whole-photo ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { requests } from '../../electron/ipc/contract.ts';
import { isPreviewJob, newJobId, randomUuid } from '../../renderer/src/state/preview-jobs.ts';

const accepted = (jobId: string) => requests['restore:start'][0].safeParse({ path: '/p.jpg', jobId }).success;

test('ids are UUIDs the host accepts, with or without crypto.randomUUID', () => {
  // What a page outside a secure context has: getRandomValues, no randomUUID.
  const insecure = { getRandomValues: webcrypto.getRandomValues.bind(webcrypto) as Crypto['getRandomValues'] };
  const ids = Array.from({ length: 50 }, () => randomUuid(insecure));
  for (const id of ids) assert.ok(accepted(id) && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(randomUuid({ ...insecure, randomUUID: () => '00000000-0000-4000-8000-000000000000' }), '00000000-0000-4000-8000-000000000000');
});

test('preview jobs are remembered as previews, whole-photo jobs are not', () => {
  const preview = newJobId('preview');
  const result = newJobId('result');
  assert.ok(accepted(preview) && accepted(result));
  assert.deepEqual([isPreviewJob(preview), isPreviewJob(result)], [true, false]);
});
