import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DvarError } from '../../electron/engine/errors.ts';
import { outputSize } from '../../electron/jobs/output-size.ts';

test('a long edge is met exactly on the longer side, in either orientation', () => {
  for (const [w, h] of [
    [640, 427],
    [427, 640],
    [1001, 999],
    [333, 333],
  ] as const) {
    for (const longEdge of [700, 1280, 1331, 1332]) {
      const out = outputSize({ width: w, height: h }, { scale: 4, longEdge }, 4);
      assert.equal(Math.max(out.width, out.height), longEdge, `${w}×${h} → ${longEdge}`);
      assert.equal(w >= h ? out.width : out.height, longEdge);
      assert.equal(w >= h ? out.height : out.width, Math.round((Math.min(w, h) * longEdge) / Math.max(w, h)));
    }
  }
});

test('megapixels keep the aspect ratio and land within rounding of the asked pixel count', () => {
  const out = outputSize({ width: 600, height: 400 }, { scale: 4, megapixels: 2 }, 4);
  assert.deepEqual(out, { width: 1732, height: 1155 });
  assert.ok(Math.abs(out.width * out.height - 2e6) / 2e6 < 0.002);
});

test('a plain factor is the default', () => {
  assert.deepEqual(outputSize({ width: 10, height: 7 }, { scale: 3 }, 4), { width: 30, height: 21 });
});

test('sizes past the pack factor and contradictory or bad targets are refused with one sentence', () => {
  assert.throws(
    () => outputSize({ width: 100, height: 50 }, { scale: 4, longEdge: 401 }, 4),
    (e: unknown) => e instanceof DvarError && e.code === 'INPUT_INVALID' && /at most 400×200/.test(e.message),
  );
  assert.throws(
    () => outputSize({ width: 100, height: 50 }, { scale: 4, longEdge: 300, megapixels: 1 }, 4),
    (e: unknown) => e instanceof DvarError && e.code === 'USAGE',
  );
  assert.throws(() => outputSize({ width: 100, height: 50 }, { scale: 4, longEdge: 300.5 }, 4), DvarError);
  assert.throws(() => outputSize({ width: 100, height: 50 }, { scale: 4, megapixels: 0 }, 4), DvarError);
});
