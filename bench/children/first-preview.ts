// Child of bench/sections/first-preview.ts: opens the pack, decodes a photo of the given size, calls
// restore() and exits at the first ScaleEvent that carries a preview (the whole restore of a 12 MP
// photo would take far longer). Prints one JSON line.
import { mkdtempSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DvarEngine } from '../../electron/engine/index.ts';
import { readImage } from '../../electron/image-files/read-image.ts';
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import { rawSharp } from '../lib/images.ts';
import { peakRssMB } from '../lib/measure.ts';

const { values } = parseArgs({ options: { pack: { type: 'string' }, width: { type: 'string' }, height: { type: 'string' }, threads: { type: 'string' } } });
const [width, height] = [Number(values.width), Number(values.height)];
const scratch = mkdtempSync(join(tmpdir(), 'dvar-bench-preview-'));
const photo = join(scratch, 'photo.jpg');
await rawSharp(syntheticImage(width, height, 5))
  .jpeg({ quality: 92 })
  .toFile(photo);

let t = performance.now();
const engine = await DvarEngine.open(values.pack!, { threads: Number(values.threads) });
const openMs = performance.now() - t;
t = performance.now();
const { rgb } = await readImage(photo);
const decodeMs = performance.now() - t;
rmSync(scratch, { recursive: true, force: true });

const started = performance.now();
await engine.restore(
  rgb,
  {},
  {
    onScale: (e) => {
      if (!e.preview) return;
      const firstPreviewMs = performance.now() - started;
      const report = {
        width,
        height,
        openMs,
        decodeMs,
        firstPreviewMs,
        eventElapsedMs: e.elapsedMs,
        scale: e.scale,
        tileCount: e.tileCount,
        tile: e.tile,
        preview: { width: e.preview.width, height: e.preview.height },
        peakRssMB: peakRssMB(),
      };
      writeSync(1, JSON.stringify(report) + '\n');
      process.exit(0);
    },
  },
);
throw new Error('restore() finished without a preview');
