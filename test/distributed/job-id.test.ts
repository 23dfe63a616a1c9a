// Idempotent job ids: equal photo + options → equal id, whatever the key order; any difference that
// changes the output → another id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restoreJobId } from '../../electron/distributed/job-id.ts';
import type { RestoreJobData } from '../../electron/distributed/restore-job.ts';

const base: RestoreJobData = {
  input: '/mnt/archive/a.jpg',
  output: '/mnt/archive/a-dvar-x4.png',
  pack: { bundled: 'default' },
  scale: 4,
  format: 'png',
  overwrite: false,
  restore: { sampling: { seed: 0, topK: 5 }, previewMaxSide: 0 },
};

test('the same photo and options give the same id, in any key order, undefined fields ignored', () => {
  const reordered: RestoreJobData = {
    restore: { previewMaxSide: 0, sampling: { topK: 5, seed: 0 } },
    overwrite: false,
    format: 'png',
    scale: 4,
    pack: { bundled: 'default' },
    output: '/mnt/archive/a-dvar-x4.png',
    input: '/mnt/archive/a.jpg',
    quality: undefined,
  };
  assert.equal(restoreJobId(reordered), restoreJobId(base));
  assert.match(restoreJobId(base), /^restore-[0-9a-f]{40}$/);
});

test('a different photo, output, pack or option gives another id', () => {
  const variants: RestoreJobData[] = [
    { ...base, input: '/mnt/archive/b.jpg' },
    { ...base, output: '/mnt/out/a-dvar-x4.png' },
    { ...base, pack: { bundled: 'fast' } },
    { ...base, pack: { folder: '/mnt/packs/default' } },
    { ...base, scale: 2 },
    { ...base, format: 'jpg', quality: 90 },
    { ...base, overwrite: true },
    { ...base, restore: { ...base.restore, sampling: { seed: 1, topK: 5 } } },
  ];
  const ids = new Set([restoreJobId(base), ...variants.map(restoreJobId)]);
  assert.equal(ids.size, variants.length + 1);
});
