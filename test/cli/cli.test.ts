// The `dvar` command as users run it: a child process, its exit status, its words, and its files.
// Success paths use the tiny fixture pack (random weights: we check sizes and files, not beauty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT, TINY_PACK, TINY_TEXT_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { entryArgs } from '../helpers/bundled-entry.ts';

const { dir, cleanup } = makeTempDir('cli');
test.after(cleanup);
/** dvar remembers this machine's speed in the user's config folder: the tests' own, not the user's. */
const CONFIG_HOME = join(dir, 'config');

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (test/helpers/bundled-entry.ts) with `args`; `onStdout` may interact with the child. */
function dvar(args: string[], onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entryArgs('electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DVAR_DEBUG: '', XDG_CONFIG_HOME: CONFIG_HOME },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, (s) => child.kill(s));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Lines a person sees, without onnxruntime's own native log lines. */
function ourLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() && !/onnxruntime|^\s*\x1b\[m\s*$/.test(l));
}

function assertNoStackTrace(text: string): void {
  assert.ok(!/\n\s+at .+:\d+:\d+/.test(text), `no stack trace expected:\n${text}`);
}

/** A fresh folder per test, so file listings are exact. */
function folder(name: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  return path;
}

const tiny = ['--pack', TINY_PACK, '--threads', '2'];

test('usage errors: exit 2 and one line on stderr, nothing on stdout', async () => {
  for (const args of [[], ['--scale', '5', 'x.jpg'], ['--bogus', 'x.jpg'], ['--format', 'bmp', 'x.jpg'], ['--quality', '101', 'x.jpg']]) {
    const r = await dvar(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^dvar: /);
  }
  const help = await dvar(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: dvar/);
});

test('a missing pack folder: a clear sentence, non-zero exit, no output files', async () => {
  const work = folder('no-pack');
  await writePhoto(join(work, 'photo.jpg'), 24, 16);
  const r = await dvar(['--pack', join(work, 'no-such-pack'), join(work, 'photo.jpg')]);
  assert.notEqual(r.code, 0);
  assert.ok(
    ourLines(r.stderr).some((l) => l.startsWith('dvar: ') && l.includes('no-such-pack')),
    r.stderr,
  );
  assertNoStackTrace(r.stderr);
  assert.deepEqual(readdirSync(work), ['photo.jpg']);
});

test('--pack takes a bundled pack by name; an unknown name is one sentence, exit 1, no output files', async () => {
  const work = folder('pack-name');
  await writePhoto(join(work, 'photo.jpg'), 24, 16);
  const r = await dvar(['--pack', 'no-such-bundled-pack', join(work, 'photo.jpg')]);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(ourLines(r.stderr), [
    "dvar: no-such-bundled-pack is neither a folder here nor a bundled pack; pass --pack with a model pack folder (one that holds manifest.json and its graphs) or a bundled pack's name (default, fast).",
  ]);
  assert.deepEqual(readdirSync(work), ['photo.jpg']);
  const help = await dvar(['--help']);
  assert.match(help.stdout, /--pack DIR\|NAME +model pack folder, or the name of a bundled pack \(default, fast\)/);
});

test('corrupt, empty and non-image inputs: exit 1, a sentence naming each file, no partial files', async () => {
  const work = folder('bad-inputs');
  const out = folder('bad-inputs-out');
  writeFileSync(join(work, 'empty.jpg'), '');
  writeFileSync(join(work, 'letter.jpg'), 'Dear Sir, this is not a photo.\n');
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#447799' } })
    .jpeg()
    .toBuffer();
  writeFileSync(join(work, 'cut.jpg'), jpeg.subarray(0, jpeg.length >> 1));
  const r = await dvar([...tiny, '-o', out, join(work, 'empty.jpg'), join(work, 'letter.jpg'), join(work, 'cut.jpg')]);
  assert.equal(r.code, 1, r.stderr);
  const lines = ourLines(r.stderr);
  for (const name of ['empty.jpg', 'letter.jpg', 'cut.jpg'])
    assert.ok(
      lines.some((l) => l.includes(name)),
      `${name} named:\n${r.stderr}`,
    );
  assertNoStackTrace(r.stderr);
  assert.deepEqual(readdirSync(out), []);
  assert.deepEqual(readdirSync(work).sort(), ['cut.jpg', 'empty.jpg', 'letter.jpg']);
});

test('an output folder that cannot exist (its parent is a file): exit 1, one sentence', async () => {
  const work = folder('unwritable');
  await writePhoto(join(work, 'photo.jpg'), 24, 16);
  writeFileSync(join(work, 'a-file'), 'x');
  const r = await dvar([...tiny, '-o', join(work, 'a-file', 'out'), join(work, 'photo.jpg')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^dvar: Cannot create the output folder .*a-file\/out/m);
  assertNoStackTrace(r.stderr);
  assert.deepEqual(readdirSync(work).sort(), ['a-file', 'photo.jpg']);
});

test('restores a photo ×4 next to it: output size before, s per input MP after, the CPU named once without excuses', async () => {
  const work = folder('x4');
  await writePhoto(join(work, 'photo.jpg'), 24, 16);
  const r = await dvar([...tiny, join(work, 'photo.jpg')]);
  assert.equal(r.code, 0, r.stderr);
  const meta = await sharp(readFileSync(join(work, 'photo-dvar-x4.png'))).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 96, 64]);
  assert.match(r.stderr, /photo\.jpg: 24×16 → 96×64 \(0\.01 MP\)/);
  assert.match(r.stdout, /photo-dvar-x4\.png in [\d.]+ s \([\d.]+ s per input MP\)/);
  // No accelerator library is installed here, so none was expected: the CPU is named, not excused.
  assert.equal(ourLines(r.stderr).filter((l) => /on the CPU|on cpu/.test(l)).length, 1, r.stderr);
  assert.match(r.stderr, /^Model pack tiny \S+ on the CPU\.$/m);
  assert.doesNotMatch(r.stderr, /no accelerator was usable/);
  assert.deepEqual(readdirSync(work).sort(), ['photo-dvar-x4.png', 'photo.jpg']);
});

test('--quiet prints nothing on success: no provider sentence, no estimate, no progress', async () => {
  const work = folder('quiet');
  await writePhoto(join(work, 'photo.jpg'), 24, 16);
  const r = await dvar([...tiny, '--quiet', join(work, 'photo.jpg')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(ourLines(r.stderr), []);
  assert.equal(r.stdout, '');
});

test('--version names the app and every bundled pack with its manifest version', async () => {
  const r = await dvar(['--version']);
  assert.equal(r.code, 0);
  const version = (file: string) => (JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as { version: string }).version;
  const packs = ['default', 'fast'].map((name) => `${name} ${version(`models/packs/${name}/manifest.json`)}`).join(', ');
  assert.equal(r.stdout, `dvar ${version('package.json')} (DVAR Studio); model packs: ${packs}\n`);
});

test('--help says that ×2 and ×3 take as long as ×4, and how to run dvar from a checkout', async () => {
  const help = (await dvar(['--help'])).stdout;
  assert.match(help, /--scale 2\|3\|4 .*×2 and ×3 take as long\s+as ×4/);
  assert.match(help, /npm run restore -- \[options\]/);
  assert.match(help, /--print WxH UNIT\[@DPI\]\s+the print to fill/);
  assert.match(help, /--depth 8\|16\s+bits per sample of png and tiff outputs/);
});

test('--prompt on a pack without text says it is ignored; a text pack takes it', async () => {
  const work = folder('prompt');
  await writePhoto(join(work, 'photo.png'), 16, 16);
  const plain = await dvar([...tiny, '--prompt', 'a boat', join(work, 'photo.png')]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stderr, /has no text conditioning; the prompt is ignored/);
  const text = await dvar(['--pack', TINY_TEXT_PACK, '--prompt', 'a boat', '--cfg', '2', '-o', join(work, 't'), join(work, 'photo.png')]);
  assert.equal(text.code, 0, text.stderr);
  assert.doesNotMatch(text.stderr, /ignored/);
});

test('--scale 2 gives ×2, --format webp writes WebP into -o', async () => {
  const work = folder('x2');
  const out = join(work, 'out', 'nested'); // created on demand
  await writePhoto(join(work, 'photo.png'), 24, 16);
  const r = await dvar([...tiny, '--scale', '2', '--format', 'webp', '-o', out, join(work, 'photo.png')]);
  assert.equal(r.code, 0, r.stderr);
  const meta = await sharp(readFileSync(join(out, 'photo-dvar-x2.webp'))).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 48, 32]);
});

test('--print fills the print at its DPI and writes the DPI; --depth 16 a 16-bit PNG; a print beyond ×4 names the DPI ×4 gives', async () => {
  const work = folder('print');
  await writePhoto(join(work, 'photo.png'), 24, 16);
  // 2×1.5 in at 40 DPI is 80×60 px: a 3:2 photo covers it at 90×60.
  const r = await dvar([...tiny, '--print', '2x1.5in@40', '--depth', '16', join(work, 'photo.png')]);
  assert.equal(r.code, 0, r.stderr);
  const meta = await sharp(readFileSync(join(work, 'photo-dvar-x4.png'))).metadata();
  assert.deepEqual([meta.width, meta.height, meta.density, meta.depth], [90, 60, 40, 'ushort']);
  const big = await dvar([...tiny, '--print', '30x20cm', '-o', join(work, 'big'), join(work, 'photo.png')]);
  assert.equal(big.code, 1);
  assert.ok(
    ourLines(big.stderr).some((l) =>
      l.includes('Printing 30×20 cm at 300 DPI needs 3543×2362 pixels, more than ×4 of this photo (96×64); at ×4 it fills that print at 8 DPI.'),
    ),
    big.stderr,
  );
  const jpeg = await dvar([...tiny, '--depth', '16', '--format', 'jpg', join(work, 'photo.png')]);
  assert.equal(jpeg.code, 2);
  assert.equal(jpeg.stderr, 'dvar: --depth 16 needs a png or tiff output; JPEG stores 8 bits only.\n');
});

test('a folder of photos; a second run skips existing outputs; --json lines parse', async () => {
  const work = folder('batch');
  await writePhoto(join(work, 'a.jpg'), 16, 16);
  await writePhoto(join(work, 'b.png'), 20, 12);
  await writePhoto(join(work, 'c.webp'), 12, 20);
  writeFileSync(join(work, 'readme.txt'), 'not a photo, not touched');

  const first = await dvar([...tiny, '--json', work]);
  assert.equal(first.code, 0, first.stderr);
  const events = first.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
  const types = new Set(events.map((e) => e.type));
  for (const t of ['engine-ready', 'file-start', 'scale', 'file-done', 'summary']) assert.ok(types.has(t), `has ${t}`);
  assert.deepEqual(events.at(-1), { ...events.at(-1), type: 'summary', total: 3, done: 3, skipped: 0, failed: 0 });
  assert.deepEqual(
    readdirSync(work)
      .filter((n) => n.includes('-dvar-'))
      .sort(),
    ['a-dvar-x4.png', 'b-dvar-x4.png', 'c-dvar-x4.png'],
  );
  const b = await sharp(readFileSync(join(work, 'b-dvar-x4.png'))).metadata();
  assert.deepEqual([b.width, b.height], [80, 48]);

  // Earlier outputs in the folder are not inputs; existing outputs are skipped, which is not an error.
  const again = await dvar([...tiny, work]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(ourLines(again.stderr).filter((l) => /Skipped .* already exists/.test(l)).length, 3, again.stderr);
  assert.match(again.stderr, /0 restored, 3 skipped/);
});

test('Ctrl-C cancels between scales: exit 130, no output, no temp files', async () => {
  const work = folder('sigint');
  await writePhoto(join(work, 'big.jpg'), 160, 120);
  let sent = false;
  const r = await dvar([...tiny, '--json', join(work, 'big.jpg')], (text, kill) => {
    if (!sent && text.includes('"type":"scale"')) {
      sent = true;
      kill('SIGINT');
    }
  });
  assert.ok(sent, 'saw a scale event before interrupting');
  assert.equal(r.code, 130, r.stderr);
  assert.ok(r.stdout.includes('"cancelled":true'));
  assert.deepEqual(readdirSync(work), ['big.jpg']);
});
