// Tiles restored together (one batched `step` per scale) give exactly what tile-by-tile passes give,
// and every tile still reports each of its scales, in order, naming the group it runs with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DvarEngine, DvarError, type ScaleEvent } from '../../../electron/engine/index.ts';
import { TINY_PACK, TINY_TEXT_PACK, syntheticImage } from '../../helpers/fixtures.ts';

const sampling = { strategy: 'sample' as const, temperature: 1, topK: 20, topP: 0.9, seed: 11 };

for (const [name, dir] of [
  ['tiny', TINY_PACK],
  ['tiny-text', TINY_TEXT_PACK],
] as const) {
  test(`${name}: grouped tiles reproduce tile-by-tile tokens and pixels`, async () => {
    const engine = await DvarEngine.open(dir, { threads: 1 });
    try {
      const image = syntheticImage(70, 44, 5);
      const run = async (tileBatch: number) => {
        const tokens = new Map<string, string>();
        const events: ScaleEvent[] = [];
        const result = await engine.restore(
          image,
          { tile: 24, tileBatch, sampling, prompt: 'a boat' },
          {
            onTokens: (tile, scale, indices) => tokens.set(`${tile}/${scale}`, indices.join(',')),
            onScale: (e) => events.push(e),
          },
        );
        return { tokens, events, result };
      };
      const single = await run(1);
      const grouped = await run(4);
      assert.ok(single.result.tiles.length > 4, 'the image must need several groups');
      assert.deepEqual(grouped.tokens, single.tokens);
      assert.deepEqual(grouped.result.image.data, single.result.image.data);
      const K = engine.manifest.schedule.canonicalScales.length;
      for (let t = 0; t < grouped.result.tiles.length; t++) {
        const scales = grouped.events.filter((e) => e.tileIndex === t).map((e) => e.scale);
        assert.deepEqual(
          scales,
          Array.from({ length: K }, (_, i) => i + 1),
          `tile ${t} events`,
        );
      }
      // Every event names its tile's group: consecutive tiles of at most 4, covering the plan once, in order.
      const spans = [...new Map(grouped.events.map((e) => [`${e.group.first}-${e.group.last}`, e.group])).values()];
      assert.deepEqual(
        spans.flatMap((g) => Array.from({ length: g.last - g.first + 1 }, (_, i) => g.first + i)),
        grouped.result.tiles.map((_, i) => i),
      );
      assert.ok(spans.every((g) => g.last - g.first < 4) && spans.some((g) => g.last > g.first));
      for (const e of grouped.events) assert.ok(e.group.first <= e.tileIndex && e.tileIndex <= e.group.last);
      assert.ok(single.events.every((e) => e.group.first === e.tileIndex && e.group.last === e.tileIndex));
      assert.equal(grouped.events.at(-1)!.progress, 1);
      for (let i = 1; i < grouped.events.length; i++) assert.ok(grouped.events[i]!.progress > grouped.events[i - 1]!.progress);
    } finally {
      await engine.close();
    }
  });
}

test('a bad tile batch is refused with one sentence', async () => {
  const engine = await DvarEngine.open(TINY_PACK, { threads: 1 });
  try {
    await assert.rejects(engine.restore(syntheticImage(16, 16), { tileBatch: 0 }), (e: unknown) => e instanceof DvarError && e.code === 'USAGE');
  } finally {
    await engine.close();
  }
});
