// Child of bench/sections/rss.ts: restores a side×side input as the app does (previews on) and encodes
// the PNG, reporting this process's peak RSS (VmHWM) after each phase. Prints one JSON line.
import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DvarEngine } from '../../electron/engine/index.ts';
import { encodeImage } from '../../electron/engine/image/write-image.ts';
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import { peakRssMB } from '../lib/measure.ts';

const { values } = parseArgs({ options: { pack: { type: 'string' }, side: { type: 'string' }, threads: { type: 'string' } } });
const side = Number(values.side);
const engine = await DvarEngine.open(values.pack!, { threads: Number(values.threads) });
const afterOpenMB = peakRssMB();
const input = syntheticImage(side, side, 3);
const started = performance.now();
const result = await engine.restore(input, {}, { onScale: () => {} });
const restoreSeconds = (performance.now() - started) / 1000;
const afterRestoreMB = peakRssMB();
await encodeImage({ rgb: result.image, alpha: null }, { format: 'png', bitDepth: 8, gray: false, overwrite: true });
const report = {
  side,
  output: { width: result.image.width, height: result.image.height },
  tiles: result.tiles.length,
  restoreSeconds,
  afterOpenMB,
  afterRestoreMB,
  peakMB: peakRssMB(),
};
writeSync(1, JSON.stringify(report) + '\n');
await engine.close();
