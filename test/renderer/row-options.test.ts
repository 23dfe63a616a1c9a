// A queued photo's options as the Batch view shows them are the ones the host runs it with (the
// renderer's twin of electron/app/queue-rows.ts optionsOf), and a row's look and size choices set only
// their own fields, going back to none when both are the batch's again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optionsOf } from '../../electron/app/queue-rows.ts';
import type { QueueItem, RestoreSettings, Settings } from '../../electron/ipc/contract.ts';
import { ownLook, rowOptions, withOwnLook, withOwnScale, type Own } from '../../renderer/src/batch/row-options.ts';

const batch: RestoreSettings = {
  scale: 4,
  format: 'jpg',
  quality: 90,
  seed: 0,
  strategy: 'greedy',
  temperature: 1,
  topK: 0,
  topP: 1,
  longEdge: 3000,
  detail: 1,
};

test('the row’s options are the host’s, for own looks, own sizes and none', () => {
  const owns: Array<Own | null> = [
    null,
    { detail: 0.5, denoise: 0.3, autoLook: false },
    { scale: 2 },
    { autoLook: true, scale: 3 },
    { print: { width: 10, height: 8, unit: 'cm', dpi: 300 } },
  ];
  for (const own of owns) {
    const host = optionsOf({ own } as QueueItem, { restore: batch } as Settings);
    assert.deepEqual(rowOptions(batch, own), host, JSON.stringify(own));
  }
  assert.equal(rowOptions(batch, { scale: 2 }).longEdge, undefined, 'an own factor replaces the batch long edge');
});

test('look and size choices set their own fields only, and none are left when both are the batch’s', () => {
  let own = withOwnLook(null, 'Natural');
  assert.deepEqual(own, { detail: 0.5, denoise: 0.3, autoLook: false });
  assert.equal(ownLook(own), 'Natural');
  own = withOwnScale(own, '2');
  assert.deepEqual(own, { detail: 0.5, denoise: 0.3, autoLook: false, scale: 2 });
  own = withOwnLook(own, 'Auto');
  assert.deepEqual([ownLook(own), own?.scale], ['Auto', 2]);
  own = withOwnLook(own, 'batch');
  assert.deepEqual(own, { scale: 2 });
  assert.equal(withOwnScale(own, 'batch'), null);
  assert.equal(ownLook(null), 'batch');
});
