// Before a photo starts, dvar says how big its output is and how long it should take here, and
// plainly when that is a long job; the time comes from this machine's remembered speed, which every
// finished photo teaches (speed.json in the user's config folder), or the pack's typical one before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expectedTime, longJobWords, startWords, type PackFacts } from '../../electron/cli/photo-estimate.ts';
import { humanReporter } from '../../electron/cli/report.ts';
import { cliSpeedMemory, configDir } from '../../electron/cli/speed-file.ts';
import { REPO_ROOT, TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { entryArgs } from '../helpers/bundled-entry.ts';

const { dir, cleanup } = makeTempDir('long-job');
test.after(cleanup);

const DEFAULT: PackFacts = { name: 'default', version: '0.5.2', upscale: 4, restorer: true };
const FAST: PackFacts = { name: 'fast', version: '0.3.3', upscale: 4, restorer: false };
const PHOTO_12MP = { width: 4000, height: 3000 };
const OUT_192MP = { width: 16000, height: 12000 };

function dvar(args: string[], configHome: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [...entryArgs('electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DVAR_DEBUG: '', XDG_CONFIG_HOME: configHome },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

test('a 4000×3000 photo with the default pack: 192 MP and over ten minutes, said before it starts', () => {
  const typical = expectedTime(PHOTO_12MP, DEFAULT, null);
  assert.equal(
    startWords(PHOTO_12MP, OUT_192MP, typical),
    "4000×3000 → 16000×12000 (192 MP), about 21–29 min (typical of 2 cores; dvar learns this machine's speed from its first photo)",
  );
  assert.equal(
    longJobWords(typical, DEFAULT),
    'This photo takes over 10 min. For a smaller output: --long-edge PX or --scale 2 (not quicker: the model always works at ×4, ' +
      'then resamples); for a quicker job: --pack fast (restores less) or a smaller copy of the photo.',
  );
  // This machine's own figure wins once it has one: 135 s per input MP is 27 minutes for 12 MP.
  const measured = expectedTime(PHOTO_12MP, DEFAULT, 135_000);
  assert.equal(startWords(PHOTO_12MP, OUT_192MP, measured), "4000×3000 → 16000×12000 (192 MP), about 27 min at this machine's speed");
  assert.match(longJobWords(measured, FAST)!, /for a quicker job: a smaller copy of the photo\.$/, 'no --pack fast advice on the fast pack');
});

test('short jobs get no warning; a pack with no typical figure says the time comes after its first photo', () => {
  const oneMP = { width: 1000, height: 1000 };
  assert.equal(longJobWords(expectedTime(oneMP, DEFAULT, null), DEFAULT), null);
  assert.equal(longJobWords(expectedTime(oneMP, DEFAULT, 500_000), DEFAULT), null, '8.3 min is not over 10');
  assert.notEqual(longJobWords(expectedTime(oneMP, DEFAULT, 700_000), DEFAULT), null, '11.7 min is');
  const custom = expectedTime(oneMP, { ...DEFAULT, name: 'my-pack' }, null);
  assert.equal(
    startWords(oneMP, { width: 4000, height: 4000 }, custom),
    '1000×1000 → 4000×4000 (16 MP), time unknown until this pack has restored a photo here',
  );
  assert.equal(longJobWords(custom, DEFAULT), null);
});

test('the warning is not printed with --quiet', () => {
  const err: string[] = [];
  const reporter = humanReporter({ stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) } }, { quiet: true, debug: false });
  reporter.pack({ ...DEFAULT, providerExpected: false, rememberedSpeed: () => null });
  reporter.event({
    type: 'file-start',
    fileIndex: 0,
    fileCount: 1,
    input: '/p/a.jpg',
    output: '/p/a-dvar-x4.png',
    ...PHOTO_12MP,
    outputWidth: 16000,
    outputHeight: 12000,
  });
  assert.deepEqual(err, []);
});

test('where an accelerator was expected, running on the CPU is explained once; otherwise the CPU is only named', () => {
  for (const providerExpected of [true, false]) {
    const err: string[] = [];
    const reporter = humanReporter({ stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) } }, { quiet: false, debug: false });
    reporter.pack({ ...DEFAULT, providerExpected, rememberedSpeed: () => null });
    const reason = 'Running on the CPU because no accelerator was usable (cuda: CUDA failure 100: no CUDA-capable device is detected).';
    reporter.event({ type: 'engine-ready', packName: 'default', provider: { name: 'cpu', reason, graphs: {} } });
    assert.deepEqual(err, [providerExpected ? `Model pack default 0.5.2 on cpu: ${reason}\n` : 'Model pack default 0.5.2 on the CPU.\n']);
  }
});

test('the config folder: $XDG_CONFIG_HOME, else ~/.config (Windows: %APPDATA%)', () => {
  assert.equal(configDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux'), join('/x/cfg', 'dvar-studio'));
  assert.equal(configDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32'), join('C:\\Users\\a\\AppData\\Roaming', 'dvar-studio'));
  assert.match(configDir({}, 'linux'), /\.config[/\\]dvar-studio$/);
});

test("dvar learns this machine's speed from a photo and says it before the next one", async () => {
  const config = join(dir, 'learn-config');
  const photo = join(dir, 'learn.jpg');
  await writePhoto(photo, 96, 64); // above the 4096 pixels a speed is learned from
  const args = ['--pack', TINY_PACK, '--threads', '2', '--overwrite', '-o', join(dir, 'learn-out'), photo];
  const first = await dvar(args, config);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /learn\.jpg: 96×64 → 384×256 \(0\.10 MP\), time unknown until this pack has restored a photo here/);
  const file = join(config, 'dvar-studio', 'speed.json');
  assert.ok(existsSync(file), 'speed.json written');
  const remembered = cliSpeedMemory(join(config, 'dvar-studio')).msPerInputMP({ packDir: resolve(TINY_PACK), threads: 2 });
  assert.ok(remembered !== null && remembered > 0, readFileSync(file, 'utf8'));
  const second = await dvar(args, config);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /learn\.jpg: 96×64 → 384×256 \(0\.10 MP\), about \d+ s at this machine's speed/);
});

test('a photo this machine would take over ten minutes for: the warning comes before the work, the work still runs', async () => {
  const config = join(dir, 'slow-config');
  // As if this machine had restored with the tiny pack at 100 hours per input megapixel: 37 min for 96×64.
  cliSpeedMemory(join(config, 'dvar-studio')).record({ packDir: resolve(TINY_PACK), threads: 2 }, 100 * 3600_000, 1e6);
  const photo = join(dir, 'slow.jpg');
  await writePhoto(photo, 96, 64);
  const r = await dvar(['--pack', TINY_PACK, '--threads', '2', '-o', join(dir, 'slow-out'), photo], config);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n');
  const start = lines.findIndex((l) => /slow\.jpg: 96×64 → 384×256 \(0\.10 MP\), about 37 min at this machine's speed$/.test(l));
  assert.ok(start >= 0, r.stderr);
  assert.match(lines[start + 1]!, /^This photo takes over 10 min\. For a smaller output: --long-edge PX or --scale 2 .*--pack fast/);
  assert.ok(existsSync(join(dir, 'slow-out', 'slow-dvar-x4.png')));
});
