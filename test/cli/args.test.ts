// Argument parsing, output naming, input discovery and progress text: the CLI's pure parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DvarError } from '../../electron/engine/errors.ts';
import { parseCliArgs } from '../../electron/cli/args.ts';
import { collectInputs } from '../../electron/jobs/collect-inputs.ts';
import { outputName, planOutputs } from '../../electron/jobs/output-path.ts';
import { etaMs, formatDuration, ProgressBar } from '../../electron/cli/progress.ts';
import type { ScaleEvent } from '../../electron/engine/types.ts';
import { makeTempDir } from '../helpers/images.ts';

function run(argv: string[]) {
  const parsed = parseCliArgs(argv);
  assert.equal(parsed.kind, 'run');
  return parsed.options;
}

function usageError(argv: string[], mentions: RegExp): void {
  assert.throws(
    () => parseCliArgs(argv),
    (e: unknown) => e instanceof DvarError && e.code === 'USAGE' && mentions.test(e.message) && !e.message.includes('\n'),
  );
}

test('defaults and every option', () => {
  const d = run(['photo.jpg']);
  assert.deepEqual(
    [d.scale, d.format, d.quality, d.packDir, d.outputDir, d.overwrite, d.recursive, d.restore.sampling?.seed],
    [4, 'png', undefined, undefined, undefined, false, false, 0],
  );
  const o = run([
    'a.jpg',
    'dir',
    '-o',
    'out',
    '--scale',
    '2',
    '--seed',
    '7',
    '--format',
    'JPEG',
    '--quality',
    '85',
    '--pack',
    'p',
    '--tile',
    '128',
    '--memory',
    '512',
    '--prompt',
    'a cat',
    '--sampling',
    'sample',
    '--temperature',
    '0.8',
    '--top-k',
    '50',
    '--top-p',
    '0.9',
    '--cfg',
    '2',
    '--threads',
    '3',
    '--overwrite',
    '--recursive',
    '--json',
  ]);
  assert.deepEqual(o.inputs, ['a.jpg', 'dir']);
  assert.deepEqual([o.outputDir, o.scale, o.format, o.quality, o.packDir, o.threads, o.json], ['out', 2, 'jpg', 85, 'p', 3, true]);
  assert.deepEqual(o.restore, {
    sampling: { seed: 7, strategy: 'sample', temperature: 0.8, topK: 50, topP: 0.9, cfg: 2 },
    previewMaxSide: 0,
    tile: 128,
    memoryBudgetMB: 512,
    prompt: 'a cat',
  });
  assert.equal(run(['x', '--tile', 'auto']).restore.tile, undefined);
  assert.deepEqual(parseCliArgs(['-h']), { kind: 'help' });
  assert.deepEqual(parseCliArgs(['--version']), { kind: 'version' });
});

test('photographer options: detail, denoise and the output size by long edge or megapixels', () => {
  const o = run(['a.jpg', '--detail', '0.5', '--denoise', '0.25', '--long-edge', '2048']);
  assert.deepEqual([o.restore.detail, o.restore.denoise, o.longEdge, o.megapixels], [0.5, 0.25, 2048, undefined]);
  assert.equal(run(['a.jpg', '--detail', '1.5']).restore.detail, 1.5, 'above 1 sharpens');
  assert.equal(run(['a.jpg', '--megapixels', '12.5']).megapixels, 12.5);
  usageError(['x', '--detail', '1.6'], /--detail must be a number from 0 to 1\.5/);
  usageError(['x', '--denoise', '2'], /--denoise must be a number from 0 to 1/);
  usageError(['x', '--long-edge', '0'], /--long-edge must be a whole number 16 or more/);
  usageError(['x', '--megapixels', '0'], /--megapixels must be a number above 0/);
  usageError(['x', '--scale', '2', '--long-edge', '900'], /--scale and --long-edge both set the output size/);
  usageError(['x', '--long-edge', '900', '--megapixels', '2'], /--long-edge and --megapixels both set the output size/);
});

test("--look names one of the app's looks, or auto; it cannot be combined with --detail or --denoise", () => {
  const natural = run(['a.jpg', '--look', 'Natural']);
  assert.deepEqual([natural.restore.detail, natural.restore.denoise, natural.autoLook], [0.5, 0.3, undefined]);
  const auto = run(['a.jpg', '--look', 'auto']);
  assert.deepEqual([auto.autoLook, auto.restore.detail], [true, undefined]);
  usageError(['x', '--look', 'vivid'], /--look must be auto, natural, balanced, detailed or crisp, not "vivid"/);
  usageError(['x', '--look', 'auto', '--detail', '0.5'], /--look sets the detail and denoise itself/);
});

test('--print takes a print size in cm, mm or in with an optional @DPI (300 by default)', () => {
  assert.deepEqual(run(['a.jpg', '--print', '30x20cm@300']).print, { width: 30, height: 20, unit: 'cm', dpi: 300 });
  assert.deepEqual(run(['a.jpg', '--print', '10x8in']).print, { width: 10, height: 8, unit: 'in', dpi: 300 });
  assert.deepEqual(run(['a.jpg', '--print', '297 × 210 MM @ 240']).print, { width: 297, height: 210, unit: 'mm', dpi: 240 });
  assert.deepEqual(run(['a.jpg', '--print', '10.5x14.8cm@150']).print, { width: 10.5, height: 14.8, unit: 'cm', dpi: 150 });
  assert.equal(run(['a.jpg']).print, undefined);
  usageError(['x', '--print', '30x20'], /^--print must be WIDTHxHEIGHT with cm, mm or in and an optional @DPI, like 30x20cm@300, not "30x20"\.$/);
  usageError(['x', '--print', 'A4'], /^--print must be WIDTHxHEIGHT/);
  usageError(['x', '--print', '30x20ft'], /^--print takes sizes in cm, mm or in, not "ft"\.$/);
  usageError(['x', '--print', '0x20cm'], /^--print needs a width and height above 0 and at most 10000, not "0x20cm"\.$/);
  usageError(['x', '--print', '30x20cm@72.5'], /^The DPI after @ in --print must be a whole number from 10 to 4800, not "72\.5"\.$/);
  usageError(['x', '--print', '30x20cm@5'], /from 10 to 4800, not "5"/);
  usageError(['x', '--print', '30x20cm', '--long-edge', '900'], /^--long-edge and --print both set the output size; give one\.$/);
  usageError(['x', '--scale', '2', '--print', '30x20cm'], /^--scale and --print both set the output size/);
});

test('--depth 16 asks for 16-bit PNG and TIFF; JPEG and WebP refuse it in one sentence', () => {
  assert.equal(run(['a.jpg']).depth, 8);
  assert.equal(run(['a.jpg', '--depth', '16']).depth, 16);
  assert.equal(run(['a.jpg', '--depth', '16', '--format', 'tif']).depth, 16);
  assert.equal(run(['a.jpg', '--depth', '8', '--format', 'jpg']).depth, 8);
  usageError(['x', '--depth', '12'], /^--depth must be 8 or 16, not "12"\.$/);
  usageError(['x', '--depth', '16', '--format', 'jpg'], /^--depth 16 needs a png or tiff output; JPEG stores 8 bits only\.$/);
  usageError(['x', '--depth', '16', '--format', 'webp'], /^--depth 16 needs a png or tiff output; WebP stores 8 bits only\.$/);
});

test('usage errors are one sentence naming the option', () => {
  usageError([], /at least one photo/);
  usageError(['x', '--scale', '5'], /--scale must be 2, 3 or 4/);
  usageError(['x', '--format', 'bmp'], /--format must be/);
  usageError(['x', '--quality', '0'], /--quality must be a whole number from 1 to 100/);
  usageError(['x', '--seed', '-1'], /--seed/);
  usageError(['x', '--seed', '1.5'], /--seed/);
  usageError(['x', '--top-p', '1.5'], /--top-p/);
  usageError(['x', '--temperature', '0'], /--temperature/);
  usageError(['x', '--sampling', 'beam'], /--sampling/);
  usageError(['x', '--tile', 'big'], /--tile/);
  usageError(['x', '--threads', '0'], /--threads/);
  usageError(['x', '--bogus'], /Unknown option --bogus/);
  usageError(['x', '--scale'], /--scale needs a value/);
  usageError(['x', '--overwrite=yes'], /--overwrite takes no value/);
  usageError(['x', '--quiet', '--json'], /cannot be combined/);
  usageError(['x', '--queue-ca', 'ca.pem'], /^--queue-ca only works with --queue URL\.$/);
});

test('--queue-ca travels with the queue URL to the submitter', () => {
  assert.deepEqual(run(['--queue', 'rediss://q:6380', '--queue-ca', 'ca.pem', 'x']).queue, {
    url: 'rediss://q:6380',
    detach: false,
    statusId: undefined,
    caFile: 'ca.pem',
  });
});

test('output names carry scale and format; collisions get -2, -3', () => {
  assert.equal(outputName('/p/photo.jpg', 4, 'png'), 'photo-dvar-x4.png');
  assert.equal(outputName('/p/my.holiday.tiff', 2, 'webp'), 'my.holiday-dvar-x2.webp');
  const tasks = planOutputs(
    [
      { path: '/p/photo.jpg', relativeDir: '' },
      { path: '/p/photo.png', relativeDir: '' },
      { path: '/q/Photo.jpg', relativeDir: 'sub' },
    ],
    { scale: 4, format: 'png' },
  );
  assert.deepEqual(
    tasks.map((t) => t.output),
    ['/p/photo-dvar-x4.png', '/p/photo-dvar-x4-2.png', '/q/Photo-dvar-x4.png'],
  );
  const into = planOutputs(
    [
      { path: '/p/photo.jpg', relativeDir: '' },
      { path: '/q/sub/photo.jpg', relativeDir: 'sub' },
      { path: '/r/photo.jpg', relativeDir: '' },
    ],
    { outputDir: '/out', scale: 3, format: 'jpg' },
  );
  assert.deepEqual(
    into.map((t) => t.output),
    ['/out/photo-dvar-x3.jpg', '/out/sub/photo-dvar-x3.jpg', '/out/photo-dvar-x3-2.jpg'],
  );
});

test('folders give photos in natural order, not hidden files, other files or earlier outputs', async () => {
  const { dir, cleanup } = makeTempDir('collect');
  try {
    for (const name of ['img10.jpg', 'img2.PNG', 'notes.txt', '.hidden.jpg', 'img2-dvar-x4.png', 'sub/deep.webp']) {
      mkdirSync(join(dir, 'sub'), { recursive: true });
      writeFileSync(join(dir, name), 'x');
    }
    const flat = await collectInputs([dir], { recursive: false });
    assert.deepEqual(
      flat.files.map((f) => f.path),
      [join(dir, 'img2.PNG'), join(dir, 'img10.jpg')],
    );
    const deep = await collectInputs([dir, join(dir, 'img2.PNG'), join(dir, 'missing.jpg')], { recursive: true });
    assert.deepEqual(
      deep.files.map((f) => [f.path, f.relativeDir]),
      [
        [join(dir, 'img2.PNG'), ''],
        [join(dir, 'img10.jpg'), ''],
        [join(dir, 'sub', 'deep.webp'), 'sub'],
        [join(dir, 'missing.jpg'), ''], // kept: it gets its own "does not exist" sentence
      ],
    );
    mkdirSync(join(dir, 'empty'));
    assert.deepEqual((await collectInputs([join(dir, 'empty')], { recursive: false })).emptyFolders, [join(dir, 'empty')]);
  } finally {
    cleanup();
  }
});

test('progress: durations, ETA, throttled plain lines and a redrawn terminal bar', () => {
  assert.equal(formatDuration(4200), '4.2 s');
  assert.equal(formatDuration(42_000), '42 s');
  assert.equal(formatDuration(187_000), '3:07');
  assert.equal(formatDuration(3_723_000), '1:02:03');
  const event = {
    tileIndex: 1,
    tileCount: 4,
    group: { first: 1, last: 1 },
    scale: 5,
    scales: 10,
    tokens: 256,
    elapsedMs: 10_000,
    progress: 0.25,
  } as ScaleEvent;
  assert.equal(etaMs(event), 30_000);
  assert.equal(etaMs({ ...event, progress: 0 }), undefined);

  let now = 0;
  const plain: string[] = [];
  const log = new ProgressBar({ isTTY: false, write: (t: string) => plain.push(t) }, () => now);
  const state = { fileIndex: 1, fileCount: 3, input: '/photos/cat.jpg', event };
  log.update(state);
  now = 500;
  log.update(state); // throttled
  now = 2500;
  log.update(state);
  assert.equal(plain.length, 2);
  assert.equal(plain[0], '[2/3] cat.jpg  25%  refining, scale 6 of 10  tile 2/4  ETA 30 s\n');
  // Tiles that run their scales together are one span, whichever of them the event names.
  now = 5000;
  log.update({ ...state, event: { ...event, tileIndex: 2, group: { first: 0, last: 3 } } });
  assert.equal(plain[2], '[2/3] cat.jpg  25%  refining, scale 6 of 10  tiles 1-4/4  ETA 30 s\n');
  now = 7500;
  log.update({ ...state, event: { ...event, scale: 1, tokens: 1 } });
  assert.equal(plain[3], '[2/3] cat.jpg  25%  refining, scale 2 of 10  tile 2/4  ETA 30 s\n');

  const tty: string[] = [];
  const bar = new ProgressBar({ isTTY: true, columns: 100, write: (t: string) => tty.push(t) }, () => now);
  bar.update(state);
  assert.ok(tty[0]!.startsWith('\r\x1b[2K[2/3] cat.jpg █'));
  assert.ok(tty[0]!.length <= 100 + 5);
  bar.clear();
  assert.equal(tty.at(-1), '\r\x1b[2K');
});
