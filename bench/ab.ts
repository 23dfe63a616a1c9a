// Interleaved A/B timing of engine variants in one process, for optimisation commits on a shared,
// noisy machine: every repetition restores the same image once with each variant, back to back, so
// load from other processes hits all variants alike; the ratio of medians is the figure to report.
//
//   npx tsx bench/ab.ts [--pack DIR] [--side 256] [--reps 5] [--threads 2] [variant ...]
//
// Variants (default: all): `before-*` switch one optimisation off, `current` is the shipped path.
import { parseArgs } from 'node:util';
import { DvarEngine, packDirOrDefault, type EngineOptions, type RestoreOptions } from '../electron/engine/index.ts';
import { syntheticImage } from '../test/helpers/fixtures.ts';

interface Variant {
  engine: EngineOptions;
  restore: RestoreOptions;
}

export const VARIANTS: Record<string, Variant> = {
  current: { engine: {}, restore: {} },
  'before-spin': { engine: { spinWait: true }, restore: { tileBatch: 1 } },
  'before-batch': { engine: {}, restore: { tileBatch: 1 } },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { pack: { type: 'string' }, side: { type: 'string' }, reps: { type: 'string' }, threads: { type: 'string' } },
});
const names = positionals.length ? positionals : Object.keys(VARIANTS);
const side = Number(values.side ?? 256);
const threads = Number(values.threads ?? 2);
const engines = new Map<string, DvarEngine>();
for (const name of names) {
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`Unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}.`);
  engines.set(name, await DvarEngine.open(packDirOrDefault(values.pack), { threads, ...variant.engine }));
}
const input = syntheticImage(side, side, 11);
const times = new Map<string, number[]>(names.map((n) => [n, []]));
const stages = new Map<string, Record<string, number>[]>(names.map((n) => [n, []]));
for (let rep = -1; rep < Number(values.reps ?? 5); rep++) {
  for (const name of names) {
    const started = performance.now();
    const result = await engines.get(name)!.restore(input, { previewMaxSide: 0, ...VARIANTS[name]!.restore });
    if (rep < 0) continue; // warm-up: first runs pay for allocations and page faults
    times.get(name)!.push(performance.now() - started);
    stages.get(name)!.push(result.timings);
  }
}
const mp = (side * side * 16) / 1e6;
const reference = median(times.get(names[0]!)!);
console.log(`${side}×${side} → ${mp.toFixed(2)} MP, ${threads} threads, median of ${times.get(names[0]!)!.length} interleaved runs`);
for (const name of names) {
  const ms = median(times.get(name)!);
  const stage = (key: string) => median(stages.get(name)!.map((t) => t[key] ?? 0)).toFixed(0);
  const keys = Object.keys(stages.get(name)![0]!);
  console.log(
    `${name.padEnd(16)} ${(ms / 1000 / mp).toFixed(3)} s/MP  ×${(reference / ms).toFixed(2)} vs ${names[0]}  runs ${times
      .get(name)!
      .map((t) => t.toFixed(0))
      .join(' ')} ms`,
  );
  console.log(`${''.padEnd(16)} ${keys.map((k) => `${k} ${stage(k)}`).join(', ')}`);
}
await Promise.all([...engines.values()].map((e) => e.close()));
