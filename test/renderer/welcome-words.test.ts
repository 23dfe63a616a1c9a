// What the first-launch welcome says to expect: the ×4 size, and the time from this computer's own
// remembered speed, or that the first photo measures it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outputWords, roughDuration, timeWords } from '../../renderer/src/lib/welcome-words.ts';

const sample = { width: 480, height: 270 };

test('the output size is said with the sample as the example, or with a 1-megapixel photo alone', () => {
  assert.equal(
    outputWords(sample),
    'Each photo comes out 4 times as wide and as tall (×2 and ×3 are options): the sample’s 480×270 becomes 1920×1080, and a 1-megapixel photo 16 megapixels.',
  );
  assert.equal(outputWords(null), 'Each photo comes out 4 times as wide and as tall (×2 and ×3 are options): a 1-megapixel photo becomes 16 megapixels.');
});

test('times come from the remembered speed: the sample by its own pixels, a typical photo by one megapixel', () => {
  // 120 s per input megapixel (the default pack on two cores): the sample is 0.1296 MP.
  assert.equal(timeWords(120_000, sample, 'this computer'), 'On this computer, the sample takes about 16 s and a typical 1-megapixel photo about 2 min.');
  assert.equal(timeWords(120_000, null, 'this computer'), 'On this computer, a typical 1-megapixel photo takes about 2 min.');
  assert.equal(
    timeWords(4_000_000, sample, 'this computer'),
    'On this computer, the sample takes about 9 min and a typical 1-megapixel photo about 1 h 7 min.',
  );
});

test('without a remembered speed the welcome says the first photo measures it, quoting no other computer', () => {
  for (const unknown of [null, undefined, 0]) {
    assert.equal(
      timeWords(unknown, sample, 'the computer running DVAR Studio'),
      'How long a photo takes on the computer running DVAR Studio is measured on the first one you restore; from then on, each photo’s time is shown before it starts.',
    );
  }
});

test('estimates are rounded: seconds under a minute, then minutes, then hours and minutes', () => {
  assert.deepEqual([0, 400, 15_600, 59_400, 89_000, 3_540_000, 3_600_000, 4_020_000].map(roughDuration), [
    '1 s',
    '1 s',
    '16 s',
    '59 s',
    '1 min',
    '59 min',
    '1 h',
    '1 h 7 min',
  ]);
});
