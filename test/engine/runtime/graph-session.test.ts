import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionOptions } from '../../../electron/engine/runtime/graph-session.ts';

const spinning = (options: ReturnType<typeof sessionOptions>) =>
  (options.extra as { session: { intra_op: { allow_spinning: string } } }).session.intra_op.allow_spinning;

test('idle onnxruntime threads do not spin unless asked to', () => {
  assert.equal(spinning(sessionOptions('cpu', { providers: ['cpu'], threads: 2 })), '0');
  assert.equal(spinning(sessionOptions('cpu', { providers: ['cpu'], threads: 2, spinWait: true })), '1');
});

test('session options carry the provider and thread count', () => {
  const options = sessionOptions('cpu', { providers: ['cpu'], threads: 3 });
  assert.deepEqual(options.executionProviders, ['cpu']);
  assert.equal(options.intraOpNumThreads, 3);
  assert.equal(options.graphOptimizationLevel, 'all');
});
