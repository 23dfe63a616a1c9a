// The shipped default pack and its restoration branch (docs/pack-format.md, "Restoration branch"),
// run for real on a photograph: the restorer and detail transfer run once per tile, previews come
// from the token path, and the result restores fine detail the fast pack (no restorer) does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PACK_DIR, DvarEngine, type FloatImage, type ScaleEvent } from '../../electron/engine/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { readPlanar } from '../helpers/images.ts';

// CC0-1.0, Clemens Engelhardt (lomiri-wallpapers-16.04), 48×32
const PHOTO = join(REPO_ROOT, 'models', 'tests', 'fixtures', 'seeding-crop-48x32.png');

const photo = () => readPlanar(PHOTO);

/** Mean absolute difference between horizontal neighbours of the first channel: fine-detail energy. */
function detail(image: FloatImage): number {
  let sum = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 1; x < image.width; x++) sum += Math.abs(image.data[y * image.width + x]! - image.data[y * image.width + x - 1]!);
  }
  return sum / (image.height * (image.width - 1));
}

test('the default pack declares its restorer, credits it and ships its licence', async () => {
  const engine = await DvarEngine.open(DEFAULT_PACK_DIR, { threads: 2 });
  try {
    const r = engine.manifest.restorer;
    assert.ok(r, 'the default pack has a restorer');
    assert.match(r.name, /Real-ESRGAN/);
    assert.match(r.licence, /BSD-3-Clause/);
    assert.ok(r.detailLevels > 0 || (r.detailBandWeights ?? []).some((w) => w !== 0), 'the decoder contributes bands');
    assert.ok(existsSync(join(DEFAULT_PACK_DIR, 'LICENSE-Real-ESRGAN.txt')));
  } finally {
    await engine.close();
  }
});

test('a restore runs the restorer and detail transfer per tile and restores more detail than the fast pack', async () => {
  const [main, fast] = await Promise.all([
    DvarEngine.open(DEFAULT_PACK_DIR, { threads: 2 }),
    DvarEngine.open(join(REPO_ROOT, 'models', 'packs', 'fast'), { threads: 2 }),
  ]);
  try {
    const lq = await photo();
    const events: ScaleEvent[] = [];
    const restored = await main.restore(lq, {}, { onScale: (e) => events.push(e) });
    assert.equal(restored.image.width, 192);
    assert.equal(restored.image.height, 128);
    assert.ok(restored.timings.restorer! > 0 && restored.timings.detail! > 0 && restored.timings.decoder! > 0);
    assert.equal(events.length, main.manifest.schedule.canonicalScales.length * restored.tiles.length);
    assert.ok(events.every((e) => e.preview && e.preview.width > 0));
    // The restorer runs with scale 1 and is credited there: most of a one-tile restore's progress; the
    // event says so (the progress words name the restorer then, not the next scale).
    assert.equal(restored.tiles.length, 1);
    assert.deepEqual(
      events.map((e) => e.restorerNext === true),
      events.map((e) => e.scale === 1),
    );
    assert.ok(events[0]!.progress > 0.5 && events[0]!.progress < 1, `progress after scale 1: ${events[0]!.progress}`);
    const plain = await fast.restore(lq, {});
    assert.equal(plain.timings.restorer, undefined);
    assert.ok(detail(restored.image) > 1.1 * detail(plain.image), `detail ${detail(restored.image)} vs fast ${detail(plain.image)}`);
    assert.ok(restored.image.data.every((v) => v >= 0 && v <= 1));
  } finally {
    await Promise.all([main.close(), fast.close()]);
  }
});

test('previews after the restorer has run are decoded from its output: the last one is the result', async () => {
  const engine = await DvarEngine.open(DEFAULT_PACK_DIR, { threads: 2 });
  try {
    const events: ScaleEvent[] = [];
    // Previews at full size and no guard: the last scale's preview then is the result, rounded to 8 bits.
    const done = await engine.restore(await photo(), { fidelityGuard: 'off', previewMaxSide: 1024 }, { onScale: (e) => events.push(e) });
    const { width, height, data } = done.image;
    const worst = (preview: { width: number; data: Uint8Array }) => {
      assert.equal(preview.width, width);
      let max = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let c = 0; c < 3; c++) max = Math.max(max, Math.abs(preview.data[(y * width + x) * 3 + c]! / 255 - data[c * width * height + y * width + x]!));
        }
      }
      return max;
    };
    assert.ok(worst(events.at(-1)!.preview!) <= 0.5 / 255 + 1e-6, `last preview vs the result: ${worst(events.at(-1)!.preview!)}`);
    // Scale 1's preview comes before the restorer runs, the input upscaled: visibly different.
    assert.ok(worst(events[0]!.preview!) > 0.1);
  } finally {
    await engine.close();
  }
});
