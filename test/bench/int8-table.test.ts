// The int8 table's Markdown (bench/report/int8-table.ts): the verdict per pack from the PSNR-Y rule, and
// the graphs a pack already ships in int8 named beside it (they are not measured again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int8Table } from '../../bench/report/int8-table.ts';
import type { Int8Result, Int8Row } from '../../bench/sections/int8.ts';

function row(pack: string, graph: string, deltaPsnrY: number): Int8Row {
  return {
    pack,
    graph,
    method: 'static QDQ int8',
    calls: 2,
    float32MB: 4,
    int8MB: 1.2,
    wallMsFloat32: 100,
    wallMsInt8: 80,
    cpuMsFloat32: 100,
    cpuMsInt8: 80,
    restoreGraphMs: 100,
    restoreSPerMPFloat32: 3,
    restoreSPerMPInt8: 2.9,
    psnrYFloat32: 27,
    psnrYInt8: 27 + deltaPsnrY,
    deltaPsnrY,
    maxLevels: 10,
    p999Levels: 3,
    qualifies: deltaPsnrY >= -0.05,
  };
}

const result = (shippedInt8?: Record<string, string[]>): Int8Result => ({
  threads: 2,
  side: 96,
  repeat: 3,
  rounds: 7,
  pairs: 6,
  synthetic: false,
  rows: [row('default', 'encoder', -0.01), row('fast', 'decoder', -1.05)],
  crops: { default: 'int8-default.png', fast: 'int8-fast.png' },
  diffs: { default: 'int8-default-diff.png', fast: 'int8-fast-diff.png' },
  shippedInt8,
});

test('each pack gets its verdict, and the graphs it already ships in int8 are named', () => {
  const lines = int8Table(result({ default: [], fast: ['encoder', 'prefix', 'step'] }));
  const verdict = (pack: string) => lines.find((l) => l.startsWith(`- ${pack}:`))!;
  assert.match(verdict('default'), /^- default: encoder pass the PSNR-Y rule/);
  assert.doesNotMatch(verdict('default'), /already ships/);
  assert.match(verdict('fast'), /^- fast: no graph passes the PSNR-Y rule .* fast already ships encoder, prefix, step in int8/);
  // A result written before packs shipped int8 graphs has no such field.
  assert.doesNotMatch(
    int8Table(result()).find((l) => l.startsWith('- fast:'))!,
    /already ships/,
  );
});
