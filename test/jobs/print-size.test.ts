// A print as the output size: the print's pixels at its DPI, the smallest output with the photo's aspect
// ratio that covers it (the photo's long side along the print's), and one sentence with the DPI the
// pack's ×4 gives when the print needs more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DvarError } from '../../electron/engine/errors.ts';
import { outputSize } from '../../electron/jobs/output-size.ts';
import { printPixels, type PrintSize } from '../../electron/jobs/print-size.ts';

const print = (width: number, height: number, unit: PrintSize['unit'], dpi = 300): PrintSize => ({ width, height, unit, dpi });
const size = (w: number, h: number, p: PrintSize) => outputSize({ width: w, height: h }, { scale: 4, print: p }, 4);

test('a print in cm, mm or inches is its sides at the DPI, the longer first', () => {
  assert.deepEqual(printPixels(print(30, 20, 'cm')), { long: 3543, short: 2362 });
  assert.deepEqual(printPixels(print(20, 30, 'cm')), { long: 3543, short: 2362 }, 'orientation does not matter');
  assert.deepEqual(printPixels(print(300, 200, 'mm')), { long: 3543, short: 2362 });
  assert.deepEqual(printPixels(print(10, 8, 'in', 240)), { long: 2400, short: 1920 });
});

test('the chosen size covers the print with the photo’s aspect ratio, its long side along the print’s', () => {
  // 3:2 photos on a 3:2 print: the long edge is the print's, either orientation of photo or print.
  assert.deepEqual(size(1000, 667, print(30, 20, 'cm')), { width: 3543, height: 2363 });
  assert.deepEqual(size(667, 1000, print(30, 20, 'cm')), { width: 2363, height: 3543 });
  assert.deepEqual(size(1000, 667, print(20, 30, 'cm')), { width: 3543, height: 2363 });
  // 4:3 on a 3:2 print: the long side fills it and the short side overhangs (30×22.5 cm).
  assert.deepEqual(size(1000, 750, print(30, 20, 'cm')), { width: 3543, height: 2657 });
  // 16:9 on 10×8 in at 240 DPI: the short side rules (1920 px), the long side overhangs.
  assert.deepEqual(size(1600, 900, print(10, 8, 'in', 240)), { width: 3413, height: 1920 });
  // A print smaller than the photo at that DPI gives a smaller output.
  assert.deepEqual(size(4000, 3000, print(4, 3, 'in', 100)), { width: 400, height: 300 });
});

test('a print beyond the pack’s ×4 is one sentence with the DPI that ×4 gives', () => {
  assert.throws(
    () => size(640, 427, print(30, 20, 'cm')),
    (e: unknown) =>
      e instanceof DvarError &&
      e.code === 'INPUT_INVALID' &&
      e.message === 'Printing 30×20 cm at 300 DPI needs 3543×2362 pixels, more than ×4 of this photo (2560×1708); at ×4 it fills that print at 216 DPI.',
  );
  assert.throws(() => size(427, 640, print(30, 20, 'cm')), /needs 2362×3543 pixels, more than ×4 of this photo \(1708×2560\)/);
  assert.throws(
    () => outputSize({ width: 100, height: 50 }, { scale: 4, longEdge: 300, print: print(1, 1, 'in') }, 4),
    (e: unknown) => e instanceof DvarError && e.code === 'USAGE',
  );
});
