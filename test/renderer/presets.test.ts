// The Restore view's presets against the engine's range: every preset is a detail the engine takes,
// the slider's top is the engine's MAX_DETAIL, and settings match a preset only at its exact point. The
// output size is one way at a time (factor, long edge, megapixels or print), named in a few words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DETAIL } from '../../electron/engine/definitions.ts';
import { checkDetail } from '../../electron/engine/pipeline/detail-strength.ts';
import type { RestoreSettings } from '../../electron/ipc/contract.ts';
import { optionsWords, sameOptions, sizeWords } from '../../renderer/src/restore/options-words.ts';
import { DEFAULT_PRINT, MAX_DETAIL_PERCENT, PRESETS, presetOf, presetTrials, sameLook, sizeModeOf, withSize } from '../../renderer/src/restore/presets.ts';

test('the detail slider ends where the engine does, and every preset is in range', () => {
  assert.equal(MAX_DETAIL_PERCENT, MAX_DETAIL * 100);
  for (const p of PRESETS) assert.doesNotThrow(() => checkDetail(p.detail), p.name);
  assert.deepEqual(
    PRESETS.map((p) => p.name),
    ['Natural', 'Balanced', 'Detailed', 'Crisp'],
  );
});

test('settings match a preset only at its point; unset means the pack as it is (Detailed)', () => {
  assert.equal(presetOf({ detail: 1.5, denoise: 0 })?.name, 'Crisp');
  assert.equal(presetOf({ detail: undefined, denoise: undefined })?.name, 'Detailed');
  assert.equal(presetOf({ detail: 1.45, denoise: 0 }), null);
  assert.equal(presetOf({ detail: 0.5, denoise: 0.3, autoLook: true }), null, 'Auto is no preset');
  assert.ok(sameLook({ autoLook: true, detail: 0.2 }, { autoLook: true }), 'Auto is Auto, whatever the sliders say');
  assert.ok(!sameLook({ autoLook: true }, { detail: 1, denoise: 0 }));
  assert.ok(sameLook({}, { detail: 1, denoise: 0, autoLook: false }));
});

test('the output size is one way at a time, a print among them; words and sameness follow the print by value', () => {
  const base: RestoreSettings = { scale: 4, format: 'png', quality: 92, seed: 0, strategy: 'greedy', temperature: 1, topK: 0, topP: 1 };
  const printed = withSize({ ...base, longEdge: 3000 }, 'print');
  assert.deepEqual(printed.print, DEFAULT_PRINT);
  assert.equal(printed.longEdge, undefined, 'the long edge gave way to the print');
  assert.equal(sizeModeOf(printed), 'print');
  assert.equal(sizeWords(printed), 'print 30×20 cm at 300 DPI');
  const a4 = withSize(printed, 'print', { width: 297, height: 210, unit: 'mm', dpi: 240 });
  assert.equal(optionsWords(a4), 'print 297×210 mm at 240 DPI · Detailed · PNG');
  assert.equal(withSize(a4, 'longEdge', 2000).print, undefined);
  assert.equal(sizeModeOf(withSize(a4, 'scale')), 'scale');
  assert.ok(sameOptions(a4, { ...a4, print: { dpi: 240, unit: 'mm', height: 210, width: 297 } }), 'an equal print in another object');
  assert.ok(!sameOptions(a4, { ...a4, print: { ...a4.print!, dpi: 300 } }));
});

test('a region is tried with every preset at the factor, after the own options when they match no preset', () => {
  const base: RestoreSettings = { scale: 2, format: 'jpg', quality: 92, seed: 3, strategy: 'greedy', temperature: 1, topK: 0, topP: 1 };
  const onPreset = presetTrials({ ...base, detail: 0.5, denoise: 0.3, longEdge: 3000 });
  assert.deepEqual(
    onPreset.map((t) => t.name),
    ['Natural', 'Balanced', 'Detailed', 'Crisp'],
  );
  for (const trial of onPreset) {
    assert.equal(trial.settings.longEdge, undefined, 'a long edge sizes the whole photo, not a region');
    assert.deepEqual([trial.settings.scale, trial.settings.seed], [2, 3], 'the rest of the options as set');
    assert.equal(presetOf(trial.settings)?.name, trial.name);
  }
  const custom = presetTrials({ ...base, detail: 0.6, denoise: 0.1 });
  assert.deepEqual(
    custom.map((t) => t.name),
    ['Your settings', 'Natural', 'Balanced', 'Detailed', 'Crisp'],
  );
  assert.deepEqual([custom[0]!.settings.detail, custom[0]!.settings.denoise], [0.6, 0.1]);
});
