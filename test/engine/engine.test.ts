// Engine integration on the fixture packs: events, determinism, cancellation, tiling, tiny inputs,
// text conditioning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DvarEngine, DvarError, type ScaleEvent } from '../../electron/engine/index.ts';
import { TINY_PACK, TINY_TEXT_PACK, maxAbsDiff, syntheticImage } from '../helpers/fixtures.ts';

const engines = new Map<string, Promise<DvarEngine>>();
function engineFor(dir: string): Promise<DvarEngine> {
  if (!engines.has(dir)) engines.set(dir, DvarEngine.open(dir, { threads: 1 }));
  return engines.get(dir)!;
}
test.after(async () => {
  for (const e of engines.values()) await (await e).close();
});

test('emits one event per scale with growing progress, token counts and previews', async () => {
  const engine = await engineFor(TINY_PACK);
  const events: ScaleEvent[] = [];
  const image = syntheticImage(24, 16);
  const result = await engine.restore(image, { entropy: 'mean' }, { onScale: (e) => events.push(e) });
  const K = engine.manifest.schedule.canonicalScales.length;
  assert.equal(events.length, K);
  assert.deepEqual(
    events.map((e) => e.scale),
    Array.from({ length: K }, (_, i) => i + 1),
  );
  assert.equal(events.at(-1)!.progress, 1);
  for (let i = 1; i < events.length; i++) assert.ok(events[i]!.progress > events[i - 1]!.progress);
  assert.deepEqual(events.at(-1)!.grid, { height: 8, width: 12 }, 'the last scale is the full latent grid');
  assert.equal(events[0]!.entropy, 0, 'scale 1 is quantized from the LQ image, not sampled');
  assert.ok(events.slice(1).every((e) => e.entropy !== null && e.entropy > 0 && Number.isFinite(e.entropy)));
  for (const e of events) {
    assert.ok(e.preview && e.preview.width > 0 && e.preview.data.length === e.preview.width * e.preview.height * 3);
  }
  assert.ok(
    events.every((e) => e.restorerNext === false),
    'a pack without a restorer never names one',
  );
  assert.equal(result.image.width, 96);
  assert.equal(result.image.height, 64);
  assert.ok(result.image.data.every((v) => v >= 0 && v <= 1));
  assert.equal(result.provider.name, 'cpu');
  assert.match(result.provider.reason, /CPU/);
});

test('the same seed gives the same output; another seed gives another', async () => {
  const engine = await engineFor(TINY_PACK);
  const image = syntheticImage(16, 16, 3);
  const sampling = { strategy: 'sample' as const, temperature: 1, topK: 0, topP: 1 };
  const a = await engine.restore(image, { sampling: { ...sampling, seed: 7 } });
  const b = await engine.restore(image, { sampling: { ...sampling, seed: 7 } });
  const c = await engine.restore(image, { sampling: { ...sampling, seed: 8 } });
  assert.deepEqual(a.image.data, b.image.data);
  assert.ok(maxAbsDiff(a.image.data, c.image.data) > 1e-4);
});

test('cancellation between scales rejects with a CANCELLED DvarError', async () => {
  const engine = await engineFor(TINY_PACK);
  const controller = new AbortController();
  let seen = 0;
  await assert.rejects(
    engine.restore(
      syntheticImage(16, 16),
      {},
      {
        signal: controller.signal,
        onScale: () => {
          seen++;
          controller.abort();
        },
      },
    ),
    (error: unknown) => error instanceof DvarError && error.code === 'CANCELLED',
  );
  assert.equal(seen, 1, 'no scale runs after the abort');
});

test('tiles a larger image with any aspect ratio and blends to the exact output size', async () => {
  const engine = await engineFor(TINY_PACK);
  const events: ScaleEvent[] = [];
  const image = syntheticImage(70, 30);
  const result = await engine.restore(image, { tile: 24, overlap: 8 }, { onScale: (e) => events.push(e) });
  assert.ok(result.tiles.length >= 4, `expected several tiles, got ${result.tiles.length}`);
  assert.equal(result.image.width, 280);
  assert.equal(result.image.height, 120);
  assert.equal(new Set(events.map((e) => e.tileIndex)).size, result.tiles.length);
  assert.equal(events.at(-1)!.progress, 1);
  assert.ok(result.image.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1));
});

test('tiny inputs are padded, not rejected', async () => {
  const engine = await engineFor(TINY_PACK);
  for (const [w, h] of [
    [1, 1],
    [1, 37],
    [53, 2],
    [3, 5],
  ]) {
    const result = await engine.restore(syntheticImage(w!, h!), {});
    assert.equal(result.image.width, w! * 4);
    assert.equal(result.image.height, h! * 4);
  }
});

test('text packs: the prompt conditions the output and guidance can be turned off', async () => {
  const engine = await engineFor(TINY_TEXT_PACK);
  assert.ok(engine.manifest.text);
  assert.equal(engine.manifest.transformer.attention, 'block_causal');
  const image = syntheticImage(16, 20, 5);
  const greedy = { strategy: 'greedy' as const, cfg: 3 };
  const boat = await engine.restore(image, { prompt: 'a red boat', sampling: greedy });
  const forest = await engine.restore(image, { prompt: 'a misty forest at dawn', sampling: greedy });
  const unguided = await engine.restore(image, { prompt: 'a red boat', sampling: { ...greedy, cfg: 0 } });
  assert.ok(maxAbsDiff(boat.image.data, forest.image.data) > 1e-5, 'different prompts give different outputs');
  assert.equal(unguided.image.width, 64);
});

test('bad sampling options are refused with one sentence', async () => {
  const engine = await engineFor(TINY_PACK);
  await assert.rejects(engine.restore(syntheticImage(8, 8), { sampling: { temperature: 0 } }), /temperature must be greater than 0/);
  await assert.rejects(engine.restore(syntheticImage(8, 8), { sampling: { topP: 1.5 } }), /top-p/);
});

test('the fidelity guard changes the output only when asked, and keeps its size', async () => {
  const engine = await engineFor(TINY_PACK);
  const image = syntheticImage(24, 16, 9);
  const off = await engine.restore(image, { fidelityGuard: 'off' });
  const byDefault = await engine.restore(image, {});
  const wavelet = await engine.restore(image, { fidelityGuard: 'wavelet' });
  assert.equal(engine.manifest.fidelityGuard, 'off');
  assert.deepEqual(byDefault.image.data, off.image.data);
  assert.ok(maxAbsDiff(off.image.data, wavelet.image.data) > 1e-3);
  assert.equal(wavelet.image.width, 96);
  assert.ok(wavelet.timings.fidelity! > 0);
});
