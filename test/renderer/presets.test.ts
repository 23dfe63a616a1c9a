// The Restore view's presets against the engine's range: every preset is a detail the engine takes,
// the slider's top is the engine's MAX_DETAIL, and settings match a preset only at its exact point.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DETAIL } from '../../electron/engine/definitions.ts';
import { checkDetail } from '../../electron/engine/pipeline/detail-strength.ts';
import { MAX_DETAIL_PERCENT, PRESETS, presetOf } from '../../renderer/src/restore/presets.ts';

test('the detail slider ends where the engine does, and every preset is in range', () => {
  assert.equal(MAX_DETAIL_PERCENT, MAX_DETAIL * 100);
  for (const p of PRESETS) assert.doesNotThrow(() => checkDetail(p.detail), p.name);
  assert.deepEqual(PRESETS.map((p) => p.name), ['Natural', 'Balanced', 'Detailed', 'Crisp']);
});

test('settings match a preset only at its point; unset means the pack as it is (Detailed)', () => {
  assert.equal(presetOf({ detail: 1.5, denoise: 0 })?.name, 'Crisp');
  assert.equal(presetOf({ detail: undefined, denoise: undefined })?.name, 'Detailed');
  assert.equal(presetOf({ detail: 1.45, denoise: 0 }), null);
});
