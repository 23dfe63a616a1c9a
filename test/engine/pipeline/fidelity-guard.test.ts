import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFidelityGuard } from '../../../electron/engine/pipeline/fidelity-guard.ts';
import type { FloatImage } from '../../../electron/engine/types.ts';
import { syntheticImage } from '../../helpers/fixtures.ts';

function map(image: FloatImage, f: (v: number, i: number) => number): FloatImage {
  return { ...image, data: image.data.map(f) };
}

function channelMean(image: FloatImage, c: number): number {
  const n = image.width * image.height;
  let s = 0;
  for (let i = 0; i < n; i++) s += image.data[c * n + i]!;
  return s / n;
}

test('off returns the restored tile unchanged', () => {
  const img = syntheticImage(20, 12);
  assert.equal(applyFidelityGuard('off', img, img), img);
});

test('a reference equal to the output is a fixed point of both guards', () => {
  const img = syntheticImage(33, 17, 4);
  for (const guard of ['wavelet', 'adain'] as const) {
    const out = applyFidelityGuard(guard, img, img);
    for (let i = 0; i < img.data.length; i++) assert.ok(Math.abs(out.data[i]! - img.data[i]!) < 1e-5);
  }
});

test('a colour cast is removed while high-frequency detail stays', () => {
  const reference = syntheticImage(64, 48, 2);
  // The "restored" tile: the reference with a strong red cast plus fine checkerboard detail.
  const detail = (i: number) => (((i % 64) + Math.floor(i / 64)) % 2 ? 0.05 : -0.05);
  const n = 64 * 48;
  const restored = map(reference, (v, i) => Math.min(1, Math.max(0, v * 0.8 + (i < n ? 0.15 : 0) + detail(i % n))));
  for (const guard of ['wavelet', 'adain'] as const) {
    const out = applyFidelityGuard(guard, restored, reference);
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(channelMean(out, c) - channelMean(reference, c)) < 0.01, `${guard} channel ${c} mean`);
  }
  const wavelet = applyFidelityGuard('wavelet', restored, reference);
  // Detail survives: neighbouring pixels still alternate around the reference.
  const i = 20 * 64 + 30;
  assert.ok(Math.abs(wavelet.data[i]! - wavelet.data[i + 1]! - (restored.data[i]! - restored.data[i + 1]!)) < 0.05);
});

test('a reference of another size is refused', () => {
  assert.throws(() => applyFidelityGuard('wavelet', syntheticImage(8, 8), syntheticImage(4, 8)), RangeError);
});

/** The definition, written plainly: restored − low(restored) + low(reference), clamped borders. */
function naiveWavelet(restored: FloatImage, reference: FloatImage): Float32Array {
  const { width: w, height: h } = restored;
  const low = (src: Float32Array) => {
    const out = src.slice();
    for (let c = 0; c < 3; c++) {
      const p = out.subarray(c * w * h, (c + 1) * w * h);
      for (let level = 0; level < 5; level++) {
        const d = 1 << level;
        const at = (x: number, y: number) => p[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))]!;
        const rows = Float32Array.from(
          { length: w * h },
          (_, i) => 0.25 * at((i % w) - d, Math.floor(i / w)) + 0.5 * p[i]! + 0.25 * at((i % w) + d, Math.floor(i / w)),
        );
        const rat = (x: number, y: number) => rows[Math.min(h - 1, Math.max(0, y)) * w + x]!;
        for (let i = 0; i < w * h; i++) p[i] = 0.25 * rat(i % w, Math.floor(i / w) - d) + 0.5 * rows[i]! + 0.25 * rat(i % w, Math.floor(i / w) + d);
      }
    }
    return out;
  };
  const a = low(restored.data);
  const b = low(reference.data);
  return restored.data.map((v, i) => Math.min(1, Math.max(0, v - a[i]! + b[i]!)));
}

test('wavelet matches its definition on sizes below, around and above the blur dilations', () => {
  for (const [w, h] of [
    [1, 1],
    [5, 3],
    [40, 7],
    [37, 29],
  ] as const) {
    const restored = syntheticImage(w, h, 1);
    const reference = syntheticImage(w, h, 2);
    const out = applyFidelityGuard('wavelet', restored, reference).data;
    const expected = naiveWavelet(restored, reference);
    for (let i = 0; i < out.length; i++) assert.ok(Math.abs(out[i]! - expected[i]!) < 1e-5, `${w}×${h} pixel ${i}`);
  }
});

test('fewer wavelet levels anchor more of the image to the reference; 5 is the default', () => {
  const reference = syntheticImage(48, 40, 7);
  const restored = map(reference, (v, i) => Math.min(1, Math.max(0, v + 0.2 * Math.sin(i * 0.37) * Math.cos(i * 0.011))));
  const mse = (a: FloatImage) => a.data.reduce((s, v, i) => s + (v - reference.data[i]!) ** 2, 0) / a.data.length;
  const byLevels = [2, 3, 5, 7].map((levels) => mse(applyFidelityGuard('wavelet', restored, reference, levels)));
  for (let i = 1; i < byLevels.length; i++) assert.ok(byLevels[i]! > byLevels[i - 1]!, `levels order: ${byLevels.join(',')}`);
  assert.deepEqual(applyFidelityGuard('wavelet', restored, reference).data, applyFidelityGuard('wavelet', restored, reference, 5).data);
});
