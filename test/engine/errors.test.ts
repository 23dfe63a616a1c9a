import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DvarError, withAdvice } from '../../electron/engine/errors.ts';
import { cliSentence } from '../../electron/cli/error-words.ts';
import { appErrorSentence, appSentence } from '../../electron/app/error-words.ts';

const missing = new DvarError('PACK_MISSING', 'No model pack was found at /p.', { params: { dir: '/p' } });
const tooLarge = new DvarError('SCALE_UNSUPPORTED', 'The pack tiny upscales ×4 at most.', { params: { pack: 'tiny', upscale: 4 } });

test('an error carries its code, facts and a sentence that names no front end', () => {
  assert.deepEqual([missing.code, missing.params, missing.message], ['PACK_MISSING', { dir: '/p' }, 'No model pack was found at /p.']);
  assert.deepEqual(new DvarError('RUNTIME', 'x').params, {});
  const cause = new Error('inner');
  assert.equal(new DvarError('RUNTIME', 'x', { cause }).cause, cause);
});

test('withAdvice adds a front end’s words for the code, from the parameters, and nothing for other codes', () => {
  const advice = { SCALE_UNSUPPORTED: (p: Record<string, string | number>) => `At most ×${p.upscale}.` };
  assert.equal(withAdvice(tooLarge, advice), 'The pack tiny upscales ×4 at most; at most ×4.');
  assert.equal(withAdvice(missing, advice), 'No model pack was found at /p.');
});

test('the CLI words its advice with its options; the app with its controls', () => {
  assert.equal(cliSentence(tooLarge), 'The pack tiny upscales ×4 at most; pass --scale 4 or less.');
  assert.match(cliSentence(missing), /^No model pack was found at \/p; pass --pack with a model pack folder .* \(default, fast\)\.$/);
  assert.equal(appSentence(tooLarge), 'The pack tiny upscales ×4 at most; choose ×4 or less.');
  assert.equal(appSentence(missing), 'No model pack was found at /p; choose a model pack in Settings.');
  for (const words of [appSentence(missing), appSentence(tooLarge)]) assert.doesNotMatch(words, /--/);
  assert.equal(appErrorSentence(new TypeError('boom')), 'boom');
  assert.equal(appErrorSentence(new TypeError('boom'), { code: 'INTERNAL', message: 'The request failed.' }), 'The request failed.');
});
