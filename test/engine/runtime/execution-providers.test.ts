import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planProviders } from '../../../electron/engine/runtime/execution-providers.ts';
import { acceleratorsHere, providerLibraryInstalled } from '../../../electron/engine/runtime/provider-libraries.ts';
import { DvarEngine } from '../../../electron/engine/index.ts';
import { TINY_PACK } from '../../helpers/fixtures.ts';

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

test('CUDA is only tried when its provider library is installed, and reported per graph when it is', async () => {
  const plan = planProviders(['cuda']);
  if (!plan.candidates.includes('cuda')) {
    assert.match(plan.notes.join(), /cuda libraries are not installed/);
    return;
  }
  // The library is present: opening a pack either runs every graph on CUDA or says which did not and why.
  const engine = await DvarEngine.open(TINY_PACK, { providers: ['cuda'], threads: 1 });
  try {
    const perGraph = Object.values(engine.provider.graphs);
    assert.equal(perGraph.length, Object.keys(engine.manifest.graphs).length);
    if (engine.provider.name === 'cuda') assert.ok(perGraph.every((p) => p === 'cuda'));
    else assert.match(engine.provider.reason, /cuda/);
  } finally {
    await engine.close();
  }
});

test('the accelerators offered are the ones this computer has: the platform’s own, CUDA only with its libraries', () => {
  assert.deepEqual(acceleratorsHere('darwin'), ['coreml']);
  assert.ok(acceleratorsHere('win32').includes('dml'));
  // This machine's onnxruntime has no CUDA provider library installed beside it.
  assert.deepEqual(acceleratorsHere('linux'), providerLibraryInstalled('cuda') ? ['cuda'] : []);
});
