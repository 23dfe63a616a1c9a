// The int8 table's variant packs (bench/lib/int8-variant-pack.ts): the pack with one graph swapped opens
// in the engine with that file (its sha256 checked like any pack's), restores, and the original pack's
// folder is left exactly as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DvarEngine } from '../../electron/engine/index.ts';
import { int8VariantPack } from '../../bench/lib/int8-variant-pack.ts';
import { syntheticImage, TINY_PACK } from '../helpers/fixtures.ts';

const digest = (dir: string) =>
  readdirSync(dir)
    .sort()
    .map(
      (f) =>
        `${f}:${createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')}`,
    );

test('a pack with one graph swapped opens, restores and leaves the original untouched', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dvar-int8-variant-'));
  const before = digest(TINY_PACK);
  try {
    // Any valid graph stands in for an int8 copy: the decoder's own file, under the int8 name.
    const dir = int8VariantPack(TINY_PACK, 'decoder', join(TINY_PACK, 'decoder.onnx'), join(scratch, 'variant'));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.graphs.decoder.file, 'decoder.int8.onnx');
    // No hard links into the original: onnx's Python loader refuses external data with more than one.
    for (const f of readdirSync(TINY_PACK)) assert.equal(statSync(join(TINY_PACK, f)).nlink, 1, `${f} has one link`);
    const engine = await DvarEngine.open(dir, { threads: 1 });
    try {
      const out = await engine.restore(syntheticImage(16, 16, 3), { previewMaxSide: 0 });
      assert.deepEqual([out.image.width, out.image.height], [64, 64]);
    } finally {
      await engine.close();
    }
    assert.throws(() => int8VariantPack(TINY_PACK, 'restorer', join(TINY_PACK, 'decoder.onnx'), join(scratch, 'none')), /has no graph "restorer"/);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  assert.deepEqual(digest(TINY_PACK), before);
});
