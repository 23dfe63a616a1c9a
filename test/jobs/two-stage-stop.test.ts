// stopOnSignals in a real child process: one signal stops gracefully with the code it returns; a
// second one, while the graceful stop still runs, calls `quickly` and dies of that signal (a shell's
// 130 after Ctrl-C), as does a graceful stop that fails. A library that sends the signal again after
// its own clean-up (when-exit does) is not a second signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childExit } from '../helpers/child-exit.ts';

const MODULE = fileURLToPath(new URL('../../electron/jobs/two-stage-stop.ts', import.meta.url));

interface ChildOptions {
  /** The graceful stop's code after this many ms; null: it never ends; 'fails': it rejects. */
  grace: number | null | 'fails';
  /** Installs, before stopOnSignals, a listener that re-sends SIGTERM as when-exit does. */
  resender?: boolean;
  patienceMs?: number;
}

/** A child that stops as `options` say and prints what it does. */
function child({ grace, resender = false, patienceMs }: ChildOptions) {
  const graceful =
    grace === null
      ? 'new Promise(() => {})'
      : grace === 'fails'
        ? "Promise.reject(new Error('The engine is stuck.'))"
        : `new Promise((r) => setTimeout(() => r(3), ${grace}))`;
  const script = `
    ${resender ? "process.once('SIGTERM', () => process.kill(process.pid, 'SIGTERM'));" : ''}
    const { stopOnSignals } = await import(${JSON.stringify(MODULE)});
    stopOnSignals({
      gracefully: () => { console.log('graceful'); return ${graceful}; },
      quickly: () => console.log('quick'),
      patienceMs: ${patienceMs ?? 'undefined'},
    });
    setInterval(() => {}, 1000);
    console.log('ready');`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const ready = new Promise<void>((resolve) =>
    proc.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('ready')) resolve();
    }),
  );
  return { proc, ready, output: () => out, errors: () => err };
}

test('one signal stops gracefully with the code the graceful stop returns', async () => {
  const c = child({ grace: 10 });
  await c.ready;
  c.proc.kill('SIGTERM');
  const [code] = await childExit(c.proc);
  assert.equal(code, 3);
  assert.match(c.output(), /graceful/);
  assert.doesNotMatch(c.output(), /quick/);
});

test('a second signal during the graceful stop dies of that signal (130 in a shell) after the quick clean-up', async () => {
  const c = child({ grace: null });
  await c.ready;
  c.proc.kill('SIGINT');
  await new Promise<void>((resolve) => c.proc.stdout.on('data', () => c.output().includes('graceful') && resolve()));
  c.proc.kill('SIGINT');
  const [code, signal] = await childExit(c.proc);
  assert.deepEqual({ code, signal }, { code: null, signal: 'SIGINT' });
  assert.match(c.output(), /graceful[\s\S]*quick/);
});

test('a library that sends the signal again after its clean-up does not cut the graceful stop short', async () => {
  const c = child({ grace: 300, resender: true });
  await c.ready;
  c.proc.kill('SIGTERM');
  const [code] = await childExit(c.proc);
  assert.equal(code, 3, c.output());
  assert.doesNotMatch(c.output(), /quick/);
});

test('a graceful stop that fails says why and dies of the signal, without process.exit', async () => {
  const c = child({ grace: 'fails' });
  await c.ready;
  c.proc.kill('SIGTERM');
  const [code, signal] = await childExit(c.proc);
  assert.deepEqual({ code, signal }, { code: null, signal: 'SIGTERM' });
  assert.equal(c.errors(), 'The engine is stuck. Leaving now.\n');
  assert.match(c.output(), /graceful[\s\S]*quick/);
});

test('a graceful stop that outlasts its patience says so and dies of the signal', async () => {
  const c = child({ grace: null, patienceMs: 200 });
  await c.ready;
  c.proc.kill('SIGTERM');
  const [code, signal] = await childExit(c.proc);
  assert.deepEqual({ code, signal }, { code: null, signal: 'SIGTERM' });
  assert.equal(c.errors(), 'The stop did not finish within 1 s (a restore step that never returns). Leaving now.\n');
  assert.match(c.output(), /graceful[\s\S]*quick/);
});
