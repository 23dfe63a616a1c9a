// Restoring by rows (DvarEngine.restoreRows): the rows arrive top to bottom, each once, cropped to the
// output width, well before the last tile on a many-tile photo, and together equal `restore`'s image
// bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DvarEngine } from '../../electron/engine/index.ts';
import { TINY_PACK, syntheticImage } from '../helpers/fixtures.ts';

test('rows arrive in order during the restore and equal the whole image', async () => {
  const engine = await DvarEngine.open(TINY_PACK, { threads: 1 });
  try {
    const input = syntheticImage(37, 90, 5);
    const options = { tile: 24, tileBatch: 2, sampling: { seed: 3 } };
    const whole = await engine.restore(input, options);
    const W = whole.image.width;
    const H = whole.image.height;
    const rows = new Float32Array(3 * W * H);
    let nextRow = 0;
    let tilesSeen = 0;
    let firstRowsAtTile = -1;
    const done = await engine.restoreRows(input, options, { onScale: (e) => (tilesSeen = e.tileIndex + 1) }, (band, y) => {
      assert.equal(y, nextRow);
      assert.equal(band.width, W);
      if (firstRowsAtTile < 0) firstRowsAtTile = tilesSeen;
      const n = band.width * band.height;
      for (let c = 0; c < 3; c++) rows.set(band.data.subarray(c * n, (c + 1) * n), c * W * H + y * W);
      nextRow += band.height;
    });
    assert.deepEqual([done.width, done.height], [W, H]);
    assert.equal(nextRow, H);
    assert.ok(firstRowsAtTile < whole.tiles.length, `first rows after tile ${firstRowsAtTile} of ${whole.tiles.length}`);
    assert.deepEqual(rows, whole.image.data);
  } finally {
    await engine.close();
  }
});
