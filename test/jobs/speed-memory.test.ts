// The speed remembered per engine setup: null until measured, then moved halfway by each photo;
// photos too small to measure and other setups leave it alone; a stopwatch starts at file-start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhotoStopwatch, SpeedMemory } from '../../electron/jobs/speed-memory.ts';
import type { KeyValueStore } from '../../electron/app/store.ts';

function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>();
  return { get: (key) => structuredClone(data.get(key)), set: (key, value) => void data.set(key, structuredClone(value)) };
}

test('the remembered speed is per setup, per input megapixel, and follows new measurements halfway', () => {
  const store = memoryStore();
  let changes = 0;
  const speed = new SpeedMemory(store, () => changes++);
  const a = { packDir: '/packs/default' };
  const b = { packDir: '/packs/default', threads: 1 };
  assert.equal(speed.msPerInputMP(a), null);
  speed.record(a, 2000, 500_000); // 2 s for 0.5 MP
  assert.equal(speed.msPerInputMP(a), 4000);
  speed.record(a, 1000, 500_000);
  assert.equal(speed.msPerInputMP(a), 3000);
  speed.record(a, 50, 100); // a thumbnail-sized photo says nothing about speed
  assert.equal(speed.msPerInputMP(a), 3000);
  assert.equal(changes, 2, 'each measurement is announced');
  assert.equal(speed.msPerInputMP(b), null);
  assert.equal(new SpeedMemory(store).msPerInputMP(a), 3000, 'it survives a restart');
});

test('a stopwatch times a photo from its file-start event', () => {
  let now = 1000;
  const watch = new PhotoStopwatch(() => now);
  assert.equal(watch.ms(), null);
  watch.see({ type: 'engine-ready' });
  now = 4000;
  watch.see({ type: 'file-start' });
  now = 9000;
  watch.see({ type: 'file-start' });
  assert.equal(watch.ms(), 5000);
});
