// The terminal's progress line: it fits the terminal's width with its ETA whole, keeps its bar at one
// width, and names what the time goes to. Unit-level on the line, then `dvar` itself in a real
// pseudo-terminal of 80 and of 200 columns (util-linux `script`; skipped with a message without it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BAR_CELLS, ProgressBar, terminalLine, type ProgressState } from '../../electron/cli/progress.ts';
import { stageWords } from '../../electron/cli/stage-words.ts';
import { humanReporter } from '../../electron/cli/report.ts';
import type { ScaleEvent } from '../../electron/engine/types.ts';
import { REPO_ROOT, TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('progress-line');
test.after(cleanup);

const BAR = /[█░]+/;

function state(over: Partial<ScaleEvent> = {}, name = 'IMG_20240101_123456_holiday_at_the_lake.jpg'): ProgressState {
  const event = {
    tileIndex: 3,
    tileCount: 20,
    group: { first: 0, last: 15 },
    scale: 7,
    scales: 10,
    tokens: 256,
    elapsedMs: 600_000,
    progress: 0.15,
    ...over,
  } as ScaleEvent;
  return { fileIndex: 0, fileCount: 12, input: `/photos/${name}`, event };
}

test('at 80 columns the line fits, the ETA is whole (not "ETA 1:0"), the bar keeps its width', () => {
  const line = terminalLine(state(), 80);
  assert.ok(line.length <= 79, `${line.length}: ${line}`);
  assert.match(line, /ETA 56:40$/);
  assert.equal(line.match(BAR)?.[0].length, BAR_CELLS);
  assert.match(line, /15%  refining, scale 8 of 10/);
  assert.match(line, /^\[1\/12\] IMG_\S+… /, 'the long name is cut, not the ETA');
  // An hour or more, a short name, a narrow terminal: still whole where it is shown at all.
  for (const columns of [80, 60, 40, 24]) {
    const long = terminalLine(state({ elapsedMs: 1_000_000, progress: 0.1 }, 'a.jpg'), columns);
    assert.ok(long.length <= columns - 1, `${columns}: ${long}`);
    assert.match(long, /ETA 2:30:00$/, `${columns}: ${long}`);
  }
});

test('at 200 columns everything shows: the whole name, the bar, the stage and the tiles', () => {
  const line = terminalLine(state(), 200);
  assert.equal(
    line,
    `[1/12] IMG_20240101_123456_holiday_at_the_lake.jpg ${'█'.repeat(3)}${'░'.repeat(17)} 15%  refining, scale 8 of 10  tiles 1-16/20  ETA 56:40`,
  );
});

test('the bar is the same width all through a photo, and at either width', () => {
  for (const columns of [80, 200]) {
    const widths = new Set<number>();
    for (let k = 1; k <= 10; k++) {
      for (const progress of [0, 0.04, 0.33, 0.5, 0.96, 1]) {
        widths.add(terminalLine(state({ scale: k, progress, elapsedMs: 1000 + progress * 9e6 }), columns).match(BAR)![0].length);
      }
    }
    assert.deepEqual([...widths], [BAR_CELLS], `${columns} columns`);
  }
});

test('the stage in plain words: restoring detail while the restorer runs, then refining scale k of n', () => {
  assert.equal(stageWords({ scale: 1, scales: 10 }, true), 'restoring detail');
  assert.equal(stageWords({ scale: 1, scales: 10 }, false), 'refining, scale 2 of 10');
  assert.equal(stageWords({ scale: 6, scales: 10 }, true), 'refining, scale 7 of 10');
  assert.equal(stageWords({ scale: 10, scales: 10 }, true), 'assembling the image');
  const line = terminalLine({ ...state({ scale: 1, tokens: 1 }), restorer: true }, 80);
  assert.match(line, /15%  restoring detail  /);
  assert.doesNotMatch(line, /token/);
});

test("the ETA shows from the first event when the photo's time is expected (remembered speed)", () => {
  const first = state({ elapsedMs: 2000, progress: 0.004 });
  assert.match(terminalLine(first, 80), /ETA --$/, 'nothing to go on yet');
  assert.match(terminalLine({ ...first, expectedMs: 27 * 60_000 }, 80), /ETA 26:58$/);
});

test('the reporter draws the same fitted line, at 80 and 200 columns', () => {
  for (const columns of [80, 200]) {
    const err: string[] = [];
    const out: string[] = [];
    const reporter = humanReporter(
      { stdout: { write: (t: string) => out.push(t) }, stderr: { isTTY: true, columns, write: (t: string) => err.push(t) } },
      { quiet: false, debug: false },
    );
    reporter.pack({ name: 'default', version: '0.5.2', upscale: 4, restorer: true, providerExpected: false, rememberedSpeed: () => 135_000 });
    const ref = { fileIndex: 0, fileCount: 1, input: '/p/cat.jpg', output: '/p/cat-dvar-x4.png' };
    reporter.event({ type: 'file-start', ...ref, width: 4000, height: 3000, outputWidth: 16000, outputHeight: 12000 });
    reporter.event({ type: 'scale', ...ref, event: state({ scale: 1, elapsedMs: 3000, progress: 0.001 }).event });
    const drawn = err.at(-1)!.replace('\r\x1b[2K', '');
    assert.ok(drawn.length <= columns - 1, drawn);
    // 12 input MP at 135 s per input MP: 27 min, counted down from the first event.
    assert.match(drawn, /restoring detail.*ETA 26:57$/);
    assert.equal(drawn.match(BAR)![0].length, BAR_CELLS);
  }
});

test('dvar in a terminal of 80 and of 200 columns: every redraw fits, one bar width, stage words', async (t) => {
  if (spawnSync('script', ['--version']).status !== 0) return t.skip('util-linux script is not installed');
  const photo = join(dir, 'a-photo-with-a-rather-long-file-name-from-a-camera.jpg');
  await writePhoto(photo, 160, 120); // several tiles with the tiny pack
  for (const columns of [80, 200]) {
    const cli = `stty cols ${columns} rows 24; exec node --import tsx electron/cli/main.ts --pack ${TINY_PACK} --threads 2 --overwrite -o ${join(dir, String(columns))} ${photo}`;
    const r = spawnSync('script', ['-qec', cli, '/dev/null'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') },
    });
    assert.equal(r.status, 0, r.stdout);
    const frames = r.stdout
      .split('\r\x1b[2K')
      .slice(1)
      .map((f) => f.replace(/\r?\n[\s\S]*$/, '').replace(/\r$/, ''))
      .filter((f) => BAR.test(f));
    assert.ok(frames.length > 0, r.stdout);
    for (const frame of frames) {
      assert.ok(frame.length <= columns - 1, `${columns}: ${frame.length} ${frame}`);
      assert.match(frame, /ETA (--|[\d:.]+( s)?)$/, frame);
      assert.equal(frame.match(BAR)![0].length, BAR_CELLS, frame);
      assert.match(frame, /refining, scale \d+ of \d+|assembling the image/, frame);
    }
    if (columns === 200)
      assert.ok(
        frames.some((f) => f.includes('a-photo-with-a-rather-long-file-name-from-a-camera.jpg') && /tiles? \d/.test(f)),
        frames.join('\n'),
      );
  }
});

test('a plain log line is one line per few seconds and never cut', () => {
  const lines: string[] = [];
  let now = 0;
  const bar = new ProgressBar({ isTTY: false, columns: 40, write: (t: string) => lines.push(t) }, () => now);
  bar.update(state());
  now = 3000;
  bar.update(state({ scale: 1 }));
  assert.deepEqual(lines, [
    '[1/12] IMG_20240101_123456_holiday_at_the_lake.jpg  15%  refining, scale 8 of 10  tiles 1-16/20  ETA 56:40\n',
    '[1/12] IMG_20240101_123456_holiday_at_the_lake.jpg  15%  refining, scale 2 of 10  tiles 1-16/20  ETA 56:40\n',
  ]);
});
