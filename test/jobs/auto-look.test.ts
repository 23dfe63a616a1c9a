// Auto's choice follows its rule in order (heavy noise, some noise, blocking, clean and soft, clean),
// says why in a few words, and its looks are the Restore and Batch views' presets point for point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTO_LOOK_RULE, chooseLook, LOOKS } from '../../electron/jobs/auto-look.ts';
import { PRESETS } from '../../renderer/src/restore/presets.ts';

const clean = { noise: 0.5, blocking: 1.0, fineness: 1.0 };
const rule = { natural: 6, balanced: 3, blocky: 1.5, soft: 0.6 };

test('the rule picks in order: heavy noise, some noise, blocking, clean and soft, clean', () => {
  const pick = (a: Partial<typeof clean>) => chooseLook({ ...clean, ...a }, rule);
  assert.deepEqual([pick({ noise: 8, blocking: 3, fineness: 0.1 }).look.name, pick({ noise: 8 }).why], ['Natural', 'noise 8.0 levels']);
  assert.equal(pick({ noise: 4, blocking: 3 }).look.name, 'Balanced');
  assert.deepEqual([pick({ blocking: 1.8 }).look.name, pick({ blocking: 1.8 }).why], ['Balanced', 'JPEG blocking 1.80']);
  assert.equal(pick({ fineness: 0.4 }).look.name, 'Crisp');
  assert.deepEqual([pick({}).look.name, pick({}).why], ['Detailed', 'clean']);
  assert.equal(chooseLook(clean).look.name, chooseLook(clean, AUTO_LOOK_RULE).look.name, 'the shipped rule by default');
});

test('the looks are the views’ presets, point for point', () => {
  assert.deepEqual(
    LOOKS.map(({ name, detail, denoise }) => ({ name, detail, denoise })),
    PRESETS.map(({ name, detail, denoise }) => ({ name, detail, denoise })),
  );
});
