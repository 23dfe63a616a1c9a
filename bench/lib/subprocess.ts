// Child processes of a benchmark: TypeScript scripts (one JSON line on stdout) and the Python venv.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../test/helpers/fixtures.ts';

const exec = promisify(execFile);
const MAX_BUFFER = 64 * 1024 * 1024;

function explain(what: string, error: unknown): Error {
  const e = error as { stderr?: string; message: string };
  return new Error(`${what} failed: ${(e.stderr || e.message).trim().split('\n').slice(-5).join(' | ')}`);
}

/** Runs bench/children/<name>.ts under tsx in a fresh process; returns the JSON of its last stdout line. */
export async function runChild<T>(name: string, args: string[], timeoutMs: number): Promise<T> {
  const script = join(REPO_ROOT, 'bench', 'children', `${name}.ts`);
  try {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, timeout: timeoutMs, maxBuffer: MAX_BUFFER });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
  } catch (error) {
    throw explain(`child ${name}`, error);
  }
}

/** `python -m <module> <args>` with the project venv, from models/; returns stdout. */
export async function runPython(module: string, args: string[], timeoutMs = 30 * 60_000): Promise<string> {
  try {
    const { stdout } = await exec(join(REPO_ROOT, '.venv', 'bin', 'python'), ['-m', module, ...args], {
      cwd: join(REPO_ROOT, 'models'),
      timeout: timeoutMs,
      maxBuffer: MAX_BUFFER,
    });
    return stdout;
  } catch (error) {
    throw explain(`python -m ${module}`, error);
  }
}
