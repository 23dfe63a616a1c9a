// The photographer's options through the whole engine (fixture pack): detail strength and denoise
// change pixels deterministically, and the entropy readout is opt-in without touching tokens or pixels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DvarEngine, DvarError, type RestoreOptions, type ScaleEvent } from '../../electron/engine/index.ts';
import { TINY_PACK, maxAbsDiff, syntheticImage } from '../helpers/fixtures.ts';

let opened: Promise<DvarEngine> | undefined;
const engine = () => (opened ??= DvarEngine.open(TINY_PACK, { threads: 1 }));
test.after(async () => (await engine()).close());

const image = syntheticImage(24, 16, 4);
const SAMPLE = { strategy: 'sample' as const, temperature: 1, topK: 0, topP: 1, seed: 3 };

async function run(options: RestoreOptions) {
  const events: ScaleEvent[] = [];
  const tokens: string[] = [];
  const result = await (
    await engine()
  ).restore(
    image,
    { sampling: SAMPLE, ...options },
    {
      onScale: (e) => events.push(e),
      onTokens: (tile, scale, indices) => tokens.push(`${tile}:${scale}:${indices.join(',')}`),
    },
  );
  return { image: result.image.data, events, tokens };
}

test('entropy off, mean and map choose the same tokens and the same pixels', async () => {
  const off = await run({ entropy: 'off' });
  const mean = await run({ entropy: 'mean' });
  const map = await run({ entropy: 'map' });
  assert.deepEqual(off.tokens, map.tokens);
  assert.deepEqual(off.tokens, mean.tokens);
  assert.deepEqual(off.image, map.image);
  assert.ok(
    off.events.every((e) => e.entropy === null && e.entropyMap === undefined),
    'off: nothing computed',
  );
  assert.ok(mean.events.slice(1).every((e) => typeof e.entropy === 'number' && e.entropy > 0 && !e.entropyMap));
  const last = map.events.at(-1)!;
  assert.deepEqual({ width: last.entropyMap!.width, height: last.entropyMap!.height }, last.grid);
  assert.equal(last.entropyMap!.data.length, last.tokens);
  assert.ok(
    map.events.slice(0, -1).every((e) => !e.entropyMap),
    'only the last scale carries the map',
  );
  const average = last.entropyMap!.data.reduce((a, b) => a + b, 0) / last.tokens;
  assert.ok(Math.abs(average - last.entropy!) < 1e-5);
});

test('detail strength moves pixels monotonically toward the full result, deterministically', async () => {
  const full = (await run({})).image;
  assert.deepEqual((await run({ detail: 1 })).image, full, '1 is the default');
  let previous = Infinity;
  for (const detail of [0, 0.5, 0.9]) {
    const a = (await run({ detail })).image;
    assert.deepEqual((await run({ detail })).image, a, `detail ${detail} is deterministic`);
    let distance = 0;
    for (let i = 0; i < a.length; i++) distance += Math.abs(a[i]! - full[i]!);
    assert.ok(distance > 0 && distance < previous, `detail ${detail}: ${distance} vs ${previous}`);
    previous = distance;
  }
  // Past 1 the result moves away from the pack's output again, sharpened, and just as deterministically.
  const crisp = (await run({ detail: 1.5 })).image;
  assert.deepEqual((await run({ detail: 1.5 })).image, crisp, 'detail 1.5 is deterministic');
  assert.ok(maxAbsDiff(crisp, full) > 1e-3, 'detail 1.5 sharpens the result');
});

test('denoise changes the output, deterministically; 0 is the default', async () => {
  const plain = (await run({})).image;
  assert.deepEqual((await run({ denoise: 0 })).image, plain);
  const denoised = (await run({ denoise: 1 })).image;
  assert.deepEqual((await run({ denoise: 1 })).image, denoised);
  assert.ok(maxAbsDiff(plain, denoised) > 1e-3);
});

test('out-of-range strengths are refused before any tile runs', async () => {
  for (const options of [{ detail: 2 }, { denoise: -0.1 }, { entropy: 'all' as 'map' }]) {
    await assert.rejects((await engine()).restore(image, options), (e: unknown) => e instanceof DvarError && e.code === 'USAGE');
  }
});
