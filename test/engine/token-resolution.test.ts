// RestoreOptions.tokenResolution, run for real with the default pack on a photograph: `half` makes the
// tokens (encoder, prefix, transformer) on the area-halved tile and decodes at full size, returning a
// result of the same size close to the full-resolution one; a pack without a restorer refuses it in one
// sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_PACK_DIR, DvarEngine, type FloatImage, type ScaleEvent } from '../../electron/engine/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { readPlanar } from '../helpers/images.ts';

// CC0-1.0, Clemens Engelhardt (lomiri-wallpapers-16.04), 48×32
const PHOTO = join(REPO_ROOT, 'models', 'tests', 'fixtures', 'seeding-crop-48x32.png');

const meanAbs = (a: FloatImage, b: FloatImage) => a.data.reduce((s, v, i) => s + Math.abs(v - b.data[i]!), 0) / a.data.length;

test('half-resolution tokens: every stage runs on a half grid, the result keeps its size and stays close to the full one', async () => {
  const engine = await DvarEngine.open(DEFAULT_PACK_DIR, { threads: 2 });
  try {
    const lq = await readPlanar(PHOTO);
    const runs = await Promise.all(
      (['full', 'half'] as const).map(async (tokenResolution) => {
        const events: ScaleEvent[] = [];
        const r = await engine.restore(lq, { tokenResolution }, { onScale: (e) => events.push(e) });
        return { r, last: events.filter((e) => e.scale === e.scales) };
      }),
    );
    const [full, half] = runs as [(typeof runs)[0], (typeof runs)[0]];
    assert.deepEqual([half.r.image.width, half.r.image.height], [full.r.image.width, full.r.image.height]);
    for (const stage of ['encoder', 'prefix', 'step', 'decoder', 'restorer', 'detail']) assert.ok(half.r.timings[stage]! > 0, `${stage} ran`);
    // The finest token grid of each tile is half as wide and high as at full resolution.
    const grid = (e: ScaleEvent) => e.grid.width * e.grid.height;
    assert.equal(grid(full.last[0]!), 4 * grid(half.last[0]!));
    assert.ok(Math.abs(half.last.at(-1)!.progress - 1) < 1e-9);
    const gap = meanAbs(half.r.image, full.r.image);
    assert.ok(gap > 0 && gap < 0.02, `mean |half − full| = ${gap}`);
    // The pack's default is what it says; asking for `full` explicitly changes nothing.
    const byDefault = await engine.restore(lq, engine.manifest.runtime.tokenResolution === 'half' ? { tokenResolution: 'half' } : {});
    assert.equal(meanAbs(byDefault.image, engine.manifest.runtime.tokenResolution === 'half' ? half.r.image : full.r.image), 0);
    await assert.rejects(engine.restore(lq, { tokenResolution: 'quarter' as 'half' }), /token resolution must be one of/);
  } finally {
    await engine.close();
  }
});

test('a pack without a restorer refuses half-resolution tokens in one sentence', async () => {
  const engine = await DvarEngine.open(join(REPO_ROOT, 'models', 'packs', 'fast'), { threads: 2 });
  try {
    await assert.rejects(engine.restore(await readPlanar(PHOTO), { tokenResolution: 'half' }), /Half-resolution tokens need a pack with a restorer/);
  } finally {
    await engine.close();
  }
});
