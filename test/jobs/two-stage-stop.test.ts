// stopOnSignals in a real child process: one signal stops gracefully with the code it returns; a
// second one, while the graceful stop still runs, calls `quickly` and exits with 130.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const MODULE = fileURLToPath(new URL('../../electron/jobs/two-stage-stop.ts', import.meta.url));

/** A child that stops gracefully after `graceMs` (never, when null) and prints what it does. */
function child(graceMs: number | null) {
  const script = `
    const { stopOnSignals } = await import(${JSON.stringify(MODULE)});
    stopOnSignals({
      gracefully: () => { console.log('graceful'); return ${graceMs === null ? 'new Promise(() => {})' : `new Promise((r) => setTimeout(() => r(3), ${graceMs}))`}; },
      quickly: () => console.log('quick'),
    });
    setInterval(() => {}, 1000);
    console.log('ready');`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8');
  const ready = new Promise<void>((resolve) => proc.stdout.on('data', (chunk: string) => {
    out += chunk;
    if (out.includes('ready')) resolve();
  }));
  return { proc, ready, output: () => out };
}

test('one signal stops gracefully with the code the graceful stop returns', async () => {
  const c = child(10);
  await c.ready;
  c.proc.kill('SIGTERM');
  const [code] = await once(c.proc, 'exit');
  assert.equal(code, 3);
  assert.match(c.output(), /graceful/);
  assert.doesNotMatch(c.output(), /quick/);
});

test('a second signal during the graceful stop leaves at once with 130 after the quick clean-up', async () => {
  const c = child(null);
  await c.ready;
  c.proc.kill('SIGINT');
  await new Promise<void>((resolve) => c.proc.stdout.on('data', () => c.output().includes('graceful') && resolve()));
  c.proc.kill('SIGINT');
  const [code] = await once(c.proc, 'exit');
  assert.equal(code, 130);
  assert.match(c.output(), /graceful[\s\S]*quick/);
});
