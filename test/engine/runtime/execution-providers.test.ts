import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planProviders } from '../../../electron/engine/runtime/execution-providers.ts';

test('CPU is always the last candidate', () => {
  for (const platform of ['linux', 'win32', 'darwin', 'freebsd'] as NodeJS.Platform[]) {
    assert.equal(planProviders(undefined, platform).candidates.at(-1), 'cpu');
  }
});

test('a provider this build lacks is skipped with a reason', () => {
  const plan = planProviders(['nosuch', 'cpu']);
  assert.deepEqual(plan.candidates, ['cpu']);
  assert.match(plan.notes.join(), /nosuch is not in this onnxruntime build/);
});

test('CUDA is only tried when its provider library is installed', () => {
  const plan = planProviders(['cuda']);
  if (!plan.candidates.includes('cuda')) assert.match(plan.notes.join(), /cuda libraries are not installed/);
});
