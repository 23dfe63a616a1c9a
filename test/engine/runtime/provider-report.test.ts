import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProviders } from '../../../electron/engine/runtime/provider-report.ts';

test('all graphs on the CPU: says why no accelerator ran', () => {
  const report = describeProviders({ encoder: 'cpu', step: 'cpu' }, ['cuda libraries are not installed']);
  assert.equal(report.name, 'cpu');
  assert.equal(report.reason, 'Running on the CPU because no accelerator was usable (cuda libraries are not installed).');
  assert.equal(describeProviders({ encoder: 'cpu' }, []).reason, 'Running on the CPU because no accelerator was requested.');
});

test('all graphs on one accelerator: named as such', () => {
  const report = describeProviders({ encoder: 'cuda', step: 'cuda', decoder: 'cuda' }, []);
  assert.equal(report.name, 'cuda');
  assert.equal(report.reason, 'Running on cuda, the first available accelerator.');
  assert.deepEqual(report.graphs, { encoder: 'cuda', step: 'cuda', decoder: 'cuda' });
});

test('a pipeline partly on the CPU never claims the accelerator alone, and names the CPU graphs', () => {
  const report = describeProviders({ encoder: 'cuda', step: 'cuda', decoder: 'cpu', restorer: 'cpu' }, ['cuda: out of memory']);
  assert.equal(report.name, 'cuda+cpu');
  assert.equal(report.reason, 'Running partly on cuda: the decoder, restorer graphs run on the CPU (cuda: out of memory).');
  assert.match(describeProviders({ encoder: 'cuda', decoder: 'cpu' }, []).reason, /the decoder graph runs on the CPU\.$/);
});
