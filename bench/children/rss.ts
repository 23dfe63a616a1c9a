// Child of bench/sections/rss.ts: restores a synthetic width×height input and writes the PNG as the
// app does (previews on; restore-output.ts: held whole up to 24 MP of output, streamed to disk past
// it), reporting this process's peak RSS (VmHWM) after each phase. Prints one JSON line.
import { mkdtempSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DvarEngine } from '../../electron/engine/index.ts';
import { STREAM_ABOVE_PIXELS } from '../../electron/image-files/streamed-write.ts';
import type { DecodedImage } from '../../electron/image-files/read-image.ts';
import { restoreAndWrite } from '../../electron/jobs/restore-output.ts';
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import { peakRssMB } from '../lib/measure.ts';

const { values } = parseArgs({
  options: { pack: { type: 'string' }, width: { type: 'string' }, height: { type: 'string' }, threads: { type: 'string' }, 'stream-above': { type: 'string' } },
});
const streamAbovePixels = values['stream-above'] === undefined ? STREAM_ABOVE_PIXELS : Number(values['stream-above']);
const width = Number(values.width);
const height = Number(values.height);
const engine = await DvarEngine.open(values.pack!, { threads: Number(values.threads) });
const afterOpenMB = peakRssMB();
const decoded: DecodedImage = {
  rgb: syntheticImage(width, height, 3),
  alpha: null,
  bitDepth: 8,
  isGray: false,
  sourceFormat: 'png',
  hasAlpha: false,
  icc: undefined,
  metadata: {},
};
const output = { width: width * engine.upscale, height: height * engine.upscale };
const dir = mkdtempSync(join(tmpdir(), 'dvar-rss-'));
const path = join(dir, 'out.png');
let tiles = 0;
let restoreSeconds = 0;
let afterRestoreMB = 0;
const started = performance.now();
try {
  await restoreAndWrite(engine, decoded, {
    output: path,
    size: output,
    format: 'png',
    overwrite: false,
    restore: {},
    streamAbovePixels,
    hooks: { onScale: (e) => (tiles = e.tileCount) },
    onRestored: () => {
      restoreSeconds = (performance.now() - started) / 1000;
      afterRestoreMB = peakRssMB();
    },
  });
  const totalSeconds = (performance.now() - started) / 1000;
  const report = {
    side: width,
    input: { width, height },
    output,
    streamed: output.width * output.height > streamAbovePixels,
    tiles,
    restoreSeconds,
    totalSeconds,
    fileMB: statSync(path).size / 2 ** 20,
    afterOpenMB,
    afterRestoreMB,
    peakMB: peakRssMB(),
  };
  writeSync(1, JSON.stringify(report) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
  await engine.close();
}
