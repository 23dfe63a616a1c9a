// Shared by the CLI reliability tables (cli-inputs, cli-faults): runs the real `dvar` as a child
// process and checks what a user would see and find afterwards.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import sharp from 'sharp';
import { REPO_ROOT, TINY_PACK } from '../helpers/fixtures.ts';
import { entryArgs } from '../helpers/bundled-entry.ts';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Called with the child and the text so far whenever it writes. */
  onOutput?: (child: ChildProcess, output: { stdout: string; stderr: string }) => void;
  /** A command that runs the rest as another user, e.g. ['setpriv', '--reuid=65534', ...]. */
  prefix?: string[];
  /** Called once with the child right after it was started. */
  onSpawn?: (child: ChildProcess) => void;
}

/** The tiny fixture pack keeps every row fast (random weights: we check files and words, not beauty). */
export const TINY = ['--pack', TINY_PACK, '--threads', '2'];

/** `node --import tsx electron/cli/main.ts ...args` from the repository root, as `npm run restore` runs it. */
export function dvar(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const command = [...(options.prefix ?? []), process.execPath, ...entryArgs('electron/cli/main.ts'), ...args];
    const child = spawn(command[0]!, command.slice(1), { cwd: REPO_ROOT, env: { ...process.env, DVAR_DEBUG: '' } });
    options.onSpawn?.(child);
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => ((output.stdout += d.toString()), options.onOutput?.(child, output)));
    child.stderr.on('data', (d: Buffer) => ((output.stderr += d.toString()), options.onOutput?.(child, output)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ...output }));
  });
}

/** Lines a person sees, without onnxruntime's own native log lines (`... [W:onnxruntime:, ...] ...`). */
export function ourLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() && !/\[[EWIV]:onnxruntime:|^\s*\x1b\[m\s*$/.test(l));
}

/** One sentence: one line, ends with a full stop, no second sentence after it, no stack trace. */
export function assertOneSentence(line: string): void {
  assert.doesNotMatch(line, /\n/, `one line: ${line}`);
  assert.match(line, /\.$/, `ends with a full stop: ${line}`);
  assert.doesNotMatch(line, /[.!?] +[A-Z][a-z]/, `a single sentence: ${line}`);
  assert.doesNotMatch(line, /\s+at .+:\d+:\d+/, `no stack trace: ${line}`);
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * What must not change about an input: a regular file's hash; for a symlink, where it points and its
 * target's hash (never read a device such as /dev/zero: it never ends).
 */
export function fingerprint(path: string): string {
  const link = lstatSync(path).isSymbolicLink() ? `-> ${readlinkSync(path)} ` : '';
  const target = statSync(path);
  return `${link}${target.isFile() ? sha256(path) : `special file, mode ${target.mode.toString(8)}`}`;
}

export function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

export function tempFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.includes('.dvar-tmp-'));
}

/** The file under the real output name is a whole image of the expected size (fully decodable). */
export async function assertWholeImage(path: string, width: number, height: number): Promise<void> {
  const { info } = await sharp(readFileSync(path), { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [width, height], `${path} is ${width}×${height}`);
}

/** A deterministic noisy RGB photo (noise compresses badly, so outputs are big enough to catch mid-write). */
export function noiseRgb(width: number, height: number, channels = 3): Buffer {
  const data = Buffer.alloc(width * height * channels);
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return data;
}

export async function writeNoisePhoto(path: string, width: number, height: number): Promise<void> {
  await sharp(noiseRgb(width, height), { raw: { width, height, channels: 3 } })
    .png()
    .toFile(path);
}
