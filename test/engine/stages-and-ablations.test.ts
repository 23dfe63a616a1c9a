// The engine's measurement options (RestoreOptions.stages, tokens, guardLevels), run for real with the
// default pack on a photograph: the restorer alone skips every DVAR stage, the token ablations skip the
// transformer and change the tokens, and the guard depth is the one asked for. The default is always
// the whole pipeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_PACK_DIR, DvarEngine, type FloatImage, type ScaleEvent } from '../../electron/engine/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { readPlanar } from '../helpers/images.ts';

// CC0-1.0, Clemens Engelhardt (lomiri-wallpapers-16.04), 48×32
const PHOTO = join(REPO_ROOT, 'models', 'tests', 'fixtures', 'seeding-crop-48x32.png');

const photo = () => readPlanar(PHOTO);

const maxDiff = (a: FloatImage, b: FloatImage) => a.data.reduce((m, v, i) => Math.max(m, Math.abs(v - b.data[i]!)), 0);

test('the restorer alone runs no DVAR stage, reports every tile once and still ends at progress 1', async () => {
  const engine = await DvarEngine.open(DEFAULT_PACK_DIR, { threads: 2 });
  try {
    const lq = await photo();
    const events: ScaleEvent[] = [];
    const alone = await engine.restore(lq, { stages: 'restorer', fidelityGuard: 'off' }, { onScale: (e) => events.push(e) });
    assert.equal(alone.image.width, 192);
    assert.ok(alone.timings.restorer! > 0);
    for (const stage of ['encoder', 'prefix', 'step', 'decoder', 'detail']) assert.equal(alone.timings[stage], undefined, `${stage} ran`);
    assert.equal(events.length, alone.tiles.length);
    assert.ok(Math.abs(events.at(-1)!.progress - 1) < 1e-9);
    assert.ok(events[0]!.preview && events[0]!.preview.width > 0);
    const whole = await engine.restore(lq, { fidelityGuard: 'off' });
    assert.ok(whole.timings.step! > 0 && whole.timings.decoder! > 0, 'the default runs the whole pipeline');
    assert.ok(maxDiff(alone.image, whole.image) > 0.01, 'the pipeline changes the restorer output');
  } finally {
    await engine.close();
  }
});

test('token ablations skip the transformer: E_dr tokens give another result than none, and none differs from the default', async () => {
  const engine = await DvarEngine.open(DEFAULT_PACK_DIR, { threads: 2 });
  try {
    const lq = await photo();
    const [full, encoder, none] = await Promise.all(
      [undefined, 'encoder', 'none'].map(async (tokens) => {
        const events: ScaleEvent[] = [];
        const r = await engine.restore(lq, tokens ? { tokens: tokens as 'encoder' | 'none' } : {}, { onScale: (e) => events.push(e) });
        return { r, events };
      }),
    );
    assert.ok(full!.r.timings.step! > 0);
    assert.equal(encoder!.r.timings.step, undefined);
    assert.equal(none!.r.timings.step, undefined);
    assert.equal(encoder!.events.length, engine.manifest.schedule.canonicalScales.length * encoder!.r.tiles.length);
    assert.ok(maxDiff(encoder!.r.image, none!.r.image) > 0.01);
    assert.ok(maxDiff(full!.r.image, none!.r.image) > 0.01);
  } finally {
    await engine.close();
  }
});

test('the guard depth is the one asked for, and a depth out of range is one sentence', async () => {
  const engine = await DvarEngine.open(DEFAULT_PACK_DIR, { threads: 2 });
  try {
    const lq = await photo();
    const packDepth = await engine.restore(lq, { stages: 'restorer' });
    const same = await engine.restore(lq, { stages: 'restorer', guardLevels: engine.manifest.fidelityGuardLevels });
    const shallower = await engine.restore(lq, { stages: 'restorer', guardLevels: 3 });
    assert.equal(maxDiff(packDepth.image, same.image), 0);
    assert.ok(maxDiff(packDepth.image, shallower.image) > 0.001);
    await assert.rejects(engine.restore(lq, { guardLevels: 9 }), /guard depth must be a whole number/);
    await assert.rejects(engine.restore(lq, { stages: 'fast' as 'dvar' }), /stages must be one of/);
  } finally {
    await engine.close();
  }
});

test('guardAuto picks the shallow depth under its threshold and the deep one above it, and says which', async () => {
  const engine = await DvarEngine.open(DEFAULT_PACK_DIR, { threads: 2 });
  try {
    const lq = await photo();
    const choices: Array<{ ratio: number; levels: number }> = [];
    const auto = (threshold: number) =>
      engine.restore(lq, { stages: 'restorer', guardAuto: { shallow: 3, deep: 6, threshold } }, { onGuardDepth: (c) => choices.push(c) });
    const [never, always] = [await auto(0), await auto(Infinity)];
    assert.deepEqual(
      choices.map((c) => c.levels),
      [6, 3],
    );
    assert.ok(choices[0]!.ratio > 0 && choices[0]!.ratio === choices[1]!.ratio);
    assert.equal(maxDiff(never.image, (await engine.restore(lq, { stages: 'restorer', guardLevels: 6 })).image), 0);
    assert.equal(maxDiff(always.image, (await engine.restore(lq, { stages: 'restorer', guardLevels: 3 })).image), 0);
    await assert.rejects(engine.restore(lq, { guardAuto: { shallow: 6, deep: 3, threshold: 0.1 } }), /automatic guard depth needs/);
  } finally {
    await engine.close();
  }
});
