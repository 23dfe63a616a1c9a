// A KeyValueStore that lives only in memory: the host's services under test without a config file.
import type { KeyValueStore } from '../../electron/app/store.ts';

export function createMemoryStore(initial: Record<string, unknown> = {}): KeyValueStore {
  const data = new Map(Object.entries(structuredClone(initial)));
  return {
    get: (key) => structuredClone(data.get(key)),
    set: (key, value) => void data.set(key, structuredClone(value)),
  };
}
