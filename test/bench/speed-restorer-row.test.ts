// The bench's speed table times a restorer pack's restorer alone beside the pack (the engine's `stages:
// 'restorer'`): the summary names that row and what it means, and the targets still judge only the pack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summary } from '../../bench/report/summary.ts';
import { targets } from '../../bench/report/targets.ts';
import { restorerAloneMethod } from '../../bench/report/speed-rows.ts';
import type { BenchReport } from '../../bench/report/types.ts';
import type { SpeedCell } from '../../bench/sections/speed.ts';

const cell = (method: string, secondsPerMP: number): SpeedCell => ({ method, side: 250, outputMP: 1, seconds: secondsPerMP, secondsPerMP });

function report(cells: SpeedCell[]): BenchReport {
  const r: BenchReport = {
    meta: {
      mode: 'full',
      date: 'd',
      quickRss: false,
      threads: 2,
      pack: 'p',
      packName: 'default',
      cpu: 'c',
      node: 'n',
      onnxruntime: 'o',
      commit: null,
      seconds: 60,
    },
    speed: { threads: 2, repeat: 1, tfjsBackend: 'wasm', tfjsThreads: 1, peerRuntimes: {}, cells, dvar: [] },
    errors: {},
    targets: [],
    plots: [],
  } as unknown as BenchReport;
  r.targets = targets(r);
  return r;
}

test('the restorer-alone row is a row of the speed table, explained, and never judged as the pack', () => {
  const withRow = report([cell('dvar (default)', 8.6), cell(restorerAloneMethod('default'), 5.5)]);
  const md = summary(withRow);
  assert.match(md, /\| restorer alone \(default\) \| 5\.500 \|/);
  assert.match(md, /`restorer alone \(…\)` is the pack's own restorer through the same tiles/);
  const without = report([cell('dvar (default)', 8.6)]);
  assert.doesNotMatch(summary(without), /restorer alone/);
  assert.deepEqual(
    withRow.targets.map((t) => t.measured),
    without.targets.map((t) => t.measured),
    'the targets read the pack row only',
  );
});
