// runtime.bottomContext: the model also runs on rows below each tile, which are cropped before blending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DvarEngine, type ScaleEvent } from '../../electron/engine/index.ts';
import { padImage, cropPlanar } from '../../electron/engine/tiling/pad-crop.ts';
import { TINY_PACK, syntheticImage } from '../helpers/fixtures.ts';

async function packWithContext(rows: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dvar-context-'));
  await cp(TINY_PACK, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  manifest.runtime.bottomContext = rows;
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

test('a one-tile photo restores as if its last rows were mirrored below it, then cropped', async () => {
  const dir = await packWithContext(8);
  const [plain, context] = await Promise.all([DvarEngine.open(TINY_PACK, { threads: 1 }), DvarEngine.open(dir, { threads: 1 })]);
  try {
    const image = syntheticImage(24, 16, 5);
    const events: ScaleEvent[] = [];
    const got = await context.restore(image, {}, { onScale: (e) => events.push(e) });
    const extended = await plain.restore(padImage(image, 24, 24), {});
    const expected = cropPlanar(extended.image, 0, 0, 96, 64);
    assert.equal(got.image.height, 64);
    assert.deepEqual(got.image.data, expected.data);
    assert.deepEqual(events[0]!.tile, { x: 0, y: 0, width: 24, height: 24 }, 'events show the rows the model ran on');
  } finally {
    await Promise.all([plain.close(), context.close(), rm(dir, { recursive: true, force: true })]);
  }
});

test('tiled photos keep their exact output size with a bottom context', async () => {
  const dir = await packWithContext(4);
  const engine = await DvarEngine.open(dir, { threads: 1 });
  try {
    const result = await engine.restore(syntheticImage(70, 50), { tile: 24, overlap: 4 });
    assert.ok(result.tiles.every((t) => t.height + 4 <= 24));
    assert.equal(result.image.width, 280);
    assert.equal(result.image.height, 200);
    assert.ok(result.image.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1));
  } finally {
    await Promise.all([engine.close(), rm(dir, { recursive: true, force: true })]);
  }
});

test('a pack whose bottom context is not a multiple of input.multiple is refused at load', async () => {
  const dir = await packWithContext(3);
  try {
    await assert.rejects(DvarEngine.open(dir, { threads: 1 }), /bottomContext.*multiple/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
