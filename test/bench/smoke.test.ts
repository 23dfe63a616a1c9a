// A small `bench/run.ts --smoke` for `npm test`: DVAR alone (no peer models) through the speed and
// scaling sections on the fixture pack, so the runner, the report, the summary and the plots cannot rot
// between full runs. Every section with every peer is test/bench/full-smoke.ts (`npm run bench:smoke`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import type { BenchReport } from '../../bench/report/types.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

test('the small smoke benchmark times DVAR, fits time vs pixels and draws their plots', { timeout: 180_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'dvar-bench-test-'));
  try {
    const args = [join(REPO_ROOT, 'bench', 'run.ts'), '--smoke', '--only', 'speed,scaling', '--peers', '', '--out', out];
    execFileSync(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO_ROOT, stdio: 'pipe' });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as BenchReport;
    assert.deepEqual(report.errors, {});
    assert.equal(report.meta.mode, 'smoke');
    assert.deepEqual([report.quality, report.int8, report.rss], [undefined, undefined, undefined], 'only the sections asked for');

    const methods = new Set(report.speed!.cells.map((c) => c.method.split(' ')[0]));
    assert.deepEqual([...methods], ['lanczos3', 'dvar', 'dvar-fast']);
    assert.ok(report.speed!.cells.every((c) => c.secondsPerMP! > 0));
    for (const b of report.speed!.dvar) {
      for (const stage of ['decode', 'encoder', 'prefix', 'step', 'quantize', 'decoder', 'blend', 'encode']) assert.ok(b.stagesMs[stage]! >= 0, stage);
      assert.equal(b.perScale.length, 10, 'one row per scale of the fixture pack');
    }
    assert.equal(report.scaling!.points.length, 6);
    assert.ok(report.scaling!.fit.r2 >= 0 && report.scaling!.fit.r2 <= 1);
    assert.ok(
      report.targets.every((t) => t.status === 'n/a'),
      'tiny sizes judge nothing',
    );

    assert.deepEqual(report.plots.sort(), ['scaling.png', 'speed.png', 'stages.png']);
    for (const png of report.plots) assert.deepEqual(readFileSync(join(out, png)).subarray(0, 4), PNG, `${png} is a PNG`);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const heading of ['## Targets', '## Speed', '## Time vs pixels']) assert.ok(summary.includes(heading), heading);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
