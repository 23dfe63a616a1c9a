// Bad settings come back as one plain sentence about the field, never the schema's text, and change
// nothing; a good change is announced to every view (settings:changed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AppHost } from '../../electron/app/host.ts';
import { settingsPatchProblem } from '../../electron/app/settings-words.ts';
import type { Settings } from '../../electron/ipc/contract.ts';
import { nextEvent, tinyHostSession } from './host-helpers.ts';

let host: AppHost;
const dir = tinyHostSession('settings-words', (opened) => (host = opened));

test('each bad number gets the sentence of its field', () => {
  assert.equal(settingsPatchProblem({ threads: -1 }), 'CPU threads must be a whole number from 0 to 256 (0 uses every core).');
  assert.equal(settingsPatchProblem({ threads: 2.5 }), 'CPU threads must be a whole number from 0 to 256 (0 uses every core).');
  assert.equal(settingsPatchProblem({ memoryBudgetMB: 10 }), 'The memory budget must be a whole number of MB from 64 to 65536.');
  assert.match(
    settingsPatchProblem({ restore: { scale: 4, format: 'png', quality: 92, seed: 0, strategy: 'sample', temperature: 0, topK: 0, topP: 1 } })!,
    /^Temperature must be/,
  );
  assert.equal(settingsPatchProblem({ threads: 4 }), null);
});

test('settings:set answers a bad number with that sentence and keeps the saved value', async () => {
  const before = await host.handle('settings:get', {});
  await assert.rejects(host.handle('settings:set', { threads: -3 }), (error: Error & { code: string }) => {
    assert.equal(error.code, 'INVALID_REQUEST');
    assert.equal(error.message, 'CPU threads must be a whole number from 0 to 256 (0 uses every core).');
    assert.doesNotMatch(error.message, /Invalid request|Too small|field/);
    return true;
  });
  assert.equal((await host.handle('settings:get', {})).threads, before.threads);
});

test('a change made anywhere, e.g. the batch output folder, is announced as settings:changed', async () => {
  const out = join(dir, 'out');
  const changed = nextEvent<Settings>(host, 'settings:changed');
  await host.handle('queue:configure', { outputDir: out });
  assert.equal((await changed).outputDir, out);
  await host.handle('queue:configure', { outputDir: null });
});
