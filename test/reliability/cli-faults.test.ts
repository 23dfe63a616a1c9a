// The reliability table for faults around `dvar`'s writes: Ctrl-C, SIGKILL at several moments of
// a write, two processes writing one output name, a read-only output folder, a full disk. Each row
// runs the real CLI and checks the exit status, the sentence, that nothing partial or temporary is left
// under the output folder, and that the original is unchanged. Moments are found by watching the
// child's output and the output folder (events, not clocks); every wait is bounded by the child's exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/images.ts';
import { assertOneSentence, assertWholeImage, dvar, listing, ourLines, sha256, tempFiles, TINY, writeNoisePhoto, type CliResult } from './cli-harness.ts';

const { dir, cleanup } = makeTempDir('reliability-cli-faults');
test.after(cleanup);

const PHOTO = { width: 96, height: 64 }; // noise: a ~270 KB PNG output, written in several chunks
const OUT = { width: PHOTO.width * 4, height: PHOTO.height * 4 };

let rowCount = 0;
async function rowFolders(): Promise<{ work: string; out: string; input: string; output: string }> {
  const row = join(dir, String(++rowCount));
  const work = join(row, 'in');
  const out = join(row, 'out');
  mkdirSync(work, { recursive: true });
  mkdirSync(out);
  const input = join(work, 'photo.png');
  await writeNoisePhoto(input, PHOTO.width, PHOTO.height);
  return { work, out, input, output: join(out, 'photo-dvar-x4.png') };
}

const removedLine = (temp: string) => `Removed ${temp}, a temp file left by an interrupted run.`;

test('Ctrl-C while restoring: exit 130, it says it cancelled, no output, no temp file, original unchanged', async () => {
  const { work, out, input } = await rowFolders();
  const hash = sha256(input);
  let sent = false;
  const r = await dvar([...TINY, '-o', out, input], {
    onOutput: (child, { stderr }) => {
      if (!sent && /\[1\/1\] photo\.png +\d+%/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    },
  });
  assert.ok(sent, 'saw the progress line before interrupting');
  assert.equal(r.code, 130, r.stderr);
  const lines = ourLines(r.stderr);
  assert.ok(lines.includes('Cancelling after the current step; press Ctrl-C again to quit at once.'), r.stderr);
  assert.equal(lines.at(-1), 'Cancelled after 0 of 1 file(s) were restored.');
  assertOneSentence(lines.at(-1)!);
  assert.equal(r.stdout, '');
  assert.deepEqual(listing(out), []);
  assert.deepEqual(listing(work), ['photo.png']);
  assert.equal(sha256(input), hash);
});

interface KillMoment {
  name: string;
  /** Arms the trigger; calls `kill` at the moment. Returns a function that disarms it. */
  arm: (out: string, kill: () => void) => () => void;
  /** Output text that marks the moment (instead of a folder event). */
  text?: RegExp;
}

/** Fires `kill` when an entry whose name passes `match` appears in `folder` (inotify on Linux). */
function onEntry(folder: string, match: (name: string) => boolean): KillMoment['arm'] {
  return (_out, kill) => {
    const watcher = watch(folder, (_event, name) => {
      if (name && match(String(name))) kill();
    });
    return () => watcher.close();
  };
}

const KILL_MOMENTS: Array<Omit<KillMoment, 'arm'> & { arm?: (out: string) => KillMoment['arm'] }> = [
  { name: 'while restoring (first progress line)', text: /\[1\/1\] photo\.png +\d+%/ },
  { name: 'as the temp file appears (mid-write)', arm: (out) => onEntry(out, (n) => n.includes('.dvar-tmp-')) },
  { name: 'as the output name appears (between publishing and removing the temp file)', arm: (out) => onEntry(out, (n) => n === 'photo-dvar-x4.png') },
  { name: 'after the result line', text: /photo-dvar-x4\.png in / },
];

for (const moment of KILL_MOMENTS) {
  test(`SIGKILL ${moment.name}: never a partial output; the next run finishes, removes any temp file and says so`, async (t) => {
    const { work, out, input, output } = await rowFolders();
    const hash = sha256(input);
    let child: ChildProcess | undefined;
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      child?.kill('SIGKILL');
    };
    const disarm = moment.arm?.(out)(out, kill);
    let first: CliResult;
    try {
      first = await dvar([...TINY, '-o', out, input], {
        onSpawn: (c) => (child = c),
        onOutput: (_c, { stdout, stderr }) => {
          if (moment.text?.test(stdout + stderr)) kill();
        },
      });
    } finally {
      disarm?.();
    }
    const left = tempFiles(out);
    t.diagnostic(`first run: ${first.signal ?? `exit ${first.code}`}; left ${existsSync(output) ? 'the output' : 'no output'} and ${left.length} temp file(s)`);
    assert.ok(killed, 'the moment came');
    if (moment.name.startsWith('while restoring')) {
      assert.equal(first.signal, 'SIGKILL');
      assert.deepEqual(listing(out), [], 'killed before writing: nothing in the output folder');
    }
    // Whatever the kill interrupted, the real name holds a whole image or nothing.
    if (existsSync(output)) await assertWholeImage(output, OUT.width, OUT.height);
    assert.deepEqual(
      listing(out).filter((n) => !n.includes('.dvar-tmp-')),
      existsSync(output) ? ['photo-dvar-x4.png'] : [],
    );

    const second = await dvar([...TINY, '-o', out, input]);
    assert.equal(second.code, 0, second.stderr);
    const lines = ourLines(second.stderr);
    for (const temp of left) {
      const said = lines.find((l) => l === removedLine(join(out, temp)));
      assert.ok(said, `the next run says it removed ${temp}:\n${second.stderr}`);
      assertOneSentence(said);
    }
    if (left.length === 0) assert.ok(!lines.some((l) => l.startsWith('Removed ')), 'nothing to remove, nothing said');
    assert.deepEqual(listing(out), ['photo-dvar-x4.png'], 'the output and no temp file');
    await assertWholeImage(output, OUT.width, OUT.height);
    assert.deepEqual(listing(work), ['photo.png']);
    assert.equal(sha256(input), hash);
  });
}

test('temp files of dead writers are removed and named; one whose writer is alive is left alone', async () => {
  const { out, input, output } = await rowFolders();
  const hash = sha256(input);
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid; // exited: its id names no live process
  const dead = join(out, `.photo-dvar-x4.png.dvar-tmp-${deadPid}-0badf00d`);
  const legacy = join(out, '.photo-dvar-x4.png.dvar-tmp-deadbeef'); // from before names carried a process id
  const live = join(out, `.photo-dvar-x4.png.dvar-tmp-${process.pid}-5eed5eed`); // this test process: alive
  const other = join(out, `.other-dvar-x4.png.dvar-tmp-${deadPid}-0badf00d`); // another output's: not this run's business
  for (const temp of [dead, legacy, live, other]) writeFileSync(temp, Buffer.from('\x89PNG\r\n\x1a\n half a file'));

  const r = await dvar([...TINY, '-o', out, input]);
  assert.equal(r.code, 0, r.stderr);
  const lines = ourLines(r.stderr);
  assert.deepEqual(lines.filter((l) => l.startsWith('Removed ')).sort(), [removedLine(dead), removedLine(legacy)].sort());
  lines.filter((l) => l.startsWith('Removed ')).forEach(assertOneSentence);
  assert.deepEqual(
    listing(out),
    ['.other-dvar-x4.png.dvar-tmp-' + `${deadPid}-0badf00d`, `.photo-dvar-x4.png.dvar-tmp-${process.pid}-5eed5eed`, 'photo-dvar-x4.png'].sort(),
  );
  await assertWholeImage(output, OUT.width, OUT.height);
  assert.equal(sha256(input), hash);
});

test('two processes writing the same output name at once: one writes it, the other says it exists, no corruption', async () => {
  const { out, input, output } = await rowFolders();
  const hash = sha256(input);
  const [a, b] = await Promise.all([dvar([...TINY, '-o', out, input]), dvar([...TINY, '-o', out, input])]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const wrote = [a, b].filter((r) => r.stdout.includes(`→ ${output} in `));
  const skipped = [a, b].filter((r) =>
    ourLines(r.stderr).includes(`[1/1] Skipped ${input}: photo-dvar-x4.png already exists (use --overwrite to replace it).`),
  );
  assert.equal(wrote.length, 1, `exactly one wrote it:\n${a.stdout}${a.stderr}\n---\n${b.stdout}${b.stderr}`);
  assert.equal(skipped.length, 1, 'the other said it exists');
  assert.match(ourLines(skipped[0]!.stderr).at(-1)!, /^Done: 0 restored, 1 skipped in [\d.]+ s\.$/);
  assert.deepEqual(listing(out), ['photo-dvar-x4.png']);
  await assertWholeImage(output, OUT.width, OUT.height);
  assert.equal(sha256(input), hash);
});

test('two processes with --overwrite at once: both finish, the last rename wins, the output is whole', async () => {
  const { out, input, output } = await rowFolders();
  const [a, b] = await Promise.all([dvar([...TINY, '--overwrite', '-o', out, input]), dvar([...TINY, '--overwrite', '-o', out, input])]);
  for (const r of [a, b]) {
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(`→ ${output} in `), r.stdout);
  }
  assert.deepEqual(listing(out), ['photo-dvar-x4.png']);
  await assertWholeImage(output, OUT.width, OUT.height);
});

/** How to run dvar as an unprivileged user, or why it cannot be done here. */
function unprivileged(): { prefix: string[] } | { skip: string } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
  if (has('setpriv')) return { prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] };
  if (has('runuser')) return { prefix: ['runuser', '-u', 'nobody', '--'] };
  return { skip: 'running as root and neither setpriv nor runuser is here to drop to an ordinary user (root ignores folder permissions)' };
}

test('a read-only output folder, as an ordinary user: exit 1, one sentence, nothing written', async (t) => {
  const how = unprivileged();
  if ('skip' in how) return t.skip(how.skip);
  const { work, out, input } = await rowFolders();
  const hash = sha256(input);
  for (const folder of [dir, join(out, '..'), work]) chmodSync(folder, 0o755); // mkdtemp made the root 0700
  chmodSync(out, 0o555);
  try {
    const r = await dvar([...TINY, '--quiet', '-o', out, input], { prefix: how.prefix });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    const expected = `[1/1] Cannot write to the folder ${out} (permission denied); choose another output folder.`;
    assert.deepEqual(ourLines(r.stderr), [expected]);
    assertOneSentence(expected);
    assert.deepEqual(listing(out), []);
    assert.deepEqual(listing(work), ['photo.png']);
    assert.equal(sha256(input), hash);
  } finally {
    chmodSync(out, 0o755);
  }
});

test('a full disk (a 16 KB tmpfs as the output folder): exit 1, one sentence, nothing partial left', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('mounting a small tmpfs needs root; run as root to cover the full-disk row');
  const { work, out, input } = await rowFolders();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k,mode=0755', 'tmpfs', out], { encoding: 'utf8' });
  if (mounted.status !== 0) return t.skip(`could not mount a tmpfs here (${(mounted.stderr || mounted.error?.message || '').trim()})`);
  try {
    const hash = sha256(input);
    const r = await dvar([...TINY, '--quiet', '-o', out, input]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    const expected = `dvar: The disk holding ${out} is full; free some space and try again.`;
    assert.deepEqual(ourLines(r.stderr), [expected]);
    assertOneSentence(expected);
    assert.deepEqual(listing(out), [], 'no partial output and no temp file on the full disk');
    assert.deepEqual(listing(work), ['photo.png']);
    assert.equal(sha256(input), hash);
  } finally {
    const unmounted = spawnSync('umount', [out], { encoding: 'utf8' });
    assert.equal(unmounted.status, 0, `the tmpfs is unmounted: ${unmounted.stderr}`);
  }
});
