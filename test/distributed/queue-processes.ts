// Workers and submitters as separate processes, run the way users run them (`npm run worker`,
// `npm run restore -- --queue`), with the tiny fixture pack and one thread each so two workers and a
// submitter fit on two cores.
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { REPO_ROOT, TINY_PACK } from '../helpers/fixtures.ts';
import { entryArgs } from '../helpers/bundled-entry.ts';

export const TINY = ['--pack', TINY_PACK];

/** The queue secret every test submitter and worker shares (job-signature.ts); set for child processes. */
export const TEST_QUEUE_SECRET = 'test-queue-secret-0123456789abcdef';

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Everything the worker logged so far. */
  log(): string;
  /** Resolves once the worker says it is ready. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** `script` (the CLI or the queue worker) run from the repository root (test/helpers/bundled-entry.ts). */
export function program(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [...entryArgs(script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DVAR_DEBUG: '', DVAR_QUEUE_SECRET: TEST_QUEUE_SECRET },
  });
}

/** Outputs go under the system's temp folder (every test's folders are there) unless `extra` names another root. */
export function startWorker(url: string, extra: string[] = []): WorkerProcess {
  const child = program('electron/cli/queue-worker.ts', ['--queue', url, '--threads', '1', '--lock-seconds', '2', '--output-root', tmpdir(), ...extra]);
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (/ready on/.test(log)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${log}`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    pid: child.pid!,
    log: () => log,
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface SubmitResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout's JSON lines, parsed (with --json). */
  lines: Array<Record<string, any>>;
}

/** Runs `dvar --queue URL ...args`; `onLine` sees each JSON line as it arrives. */
export function submit(url: string, args: string[], onLine?: (line: Record<string, any>) => void): Promise<SubmitResult> {
  return new Promise((resolve, reject) => {
    const child = program('electron/cli/main.ts', ['--queue', url, ...args]);
    let stdout = '';
    let stderr = '';
    let pending = '';
    const lines: Array<Record<string, any>> = [];
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      pending += d.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const text of complete) {
        if (!text.startsWith('{')) continue;
        const line = JSON.parse(text);
        lines.push(line);
        onLine?.(line);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, lines }));
  });
}
