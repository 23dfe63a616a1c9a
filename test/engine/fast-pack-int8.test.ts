// The shipped fast pack (docs/model-card-fast.md, "int8 since v0.3.2"): its encoder, prefix and step are
// int8 with their recipe on record, the rest float32; every file the folder holds is one the manifest
// names and checks (no external weights left over that nothing reads), and the engine restores with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DvarEngine } from '../../electron/engine/index.ts';
import { loadPack } from '../../electron/engine/pack/load-pack.ts';
import { REPO_ROOT, syntheticImage } from '../helpers/fixtures.ts';

const FAST = join(REPO_ROOT, 'models', 'packs', 'fast');

test('the fast pack ships encoder, prefix and step in int8, with their recipes, and nothing unread', async () => {
  const { manifest } = await loadPack(FAST); // checks every file's sha256
  const int8 = Object.entries(manifest.graphs)
    .filter(([, g]) => g?.quantization)
    .map(([name]) => name);
  assert.deepEqual(int8.sort(), ['encoder', 'prefix', 'step']);
  assert.equal(manifest.graphs.encoder.quantization?.scheme, 'static_int8_qdq');
  assert.match(manifest.graphs.encoder.quantization?.calibration ?? '', /training photos.*never the dev photos/);
  for (const g of ['prefix', 'step'] as const) assert.equal(manifest.graphs[g].quantization?.scheme, 'dynamic_int8_matmul');
  const named = [...Object.values(manifest.graphs).map((g) => g.file), ...manifest.dataFiles.map((d) => d.file), 'manifest.json'];
  assert.deepEqual(readdirSync(FAST).sort(), named.sort());
});

test('the engine restores with the int8 fast pack', async () => {
  const engine = await DvarEngine.open(FAST, { threads: 1 });
  try {
    const out = await engine.restore(syntheticImage(24, 20, 5), { previewMaxSide: 0 });
    assert.deepEqual([out.image.width, out.image.height], [96, 80]);
    assert.ok(out.image.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1));
  } finally {
    await engine.close();
  }
});
