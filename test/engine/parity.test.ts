// The exported graphs, run by onnxruntime-node through the engine, reproduce the PyTorch reference
// (models/dvar/model/model.py `restore`, greedy): identical tokens at every scale, pixels within tolerance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DvarEngine } from '../../electron/engine/index.ts';
import { TINY_PACK, TINY_TEXT_PACK, loadParity, maxAbsDiff } from '../helpers/fixtures.ts';

for (const [name, dir] of [
  ['tiny', TINY_PACK],
  ['tiny-text', TINY_TEXT_PACK],
] as const) {
  test(`${name}: onnxruntime-node matches PyTorch tokens and pixels`, async () => {
    const parity = loadParity(name);
    const engine = await DvarEngine.open(dir, { threads: 1 });
    try {
      const tokens: number[][] = [];
      const result = await engine.restore(
        parity.lq,
        { prompt: parity.prompt, sampling: { strategy: 'greedy', cfg: parity.cfg } },
        {
          onTokens: (_tile, scale, indices) => {
            tokens[scale - 1] = Array.from(indices, Number);
          },
        },
      );
      assert.equal(result.tiles.length, 1, 'the parity tile must run as one pass');
      assert.equal(tokens.length, parity.tokens.length);
      parity.tokens.forEach((expected, k) => assert.deepEqual(tokens[k], expected, `scale ${k + 1} tokens differ`));
      assert.equal(result.image.width, parity.image.width);
      assert.equal(result.image.height, parity.image.height);
      const diff = maxAbsDiff(result.image.data, parity.image.data);
      assert.ok(diff <= parity.tolerance.pixelMaxAbs, `max pixel difference ${diff} exceeds ${parity.tolerance.pixelMaxAbs}`);
    } finally {
      await engine.close();
    }
  });
}
