// `bench/run.ts --smoke`, checked: every section runs at tiny sizes on the fixture pack and writes its
// report, summary and plots, so the full benchmark (`npm run bench`) cannot rot unnoticed. The quality
// section runs on two synthetic stand-in lists, covering the two-dev-list path. It takes over a minute,
// so it is `npm run bench:smoke`, not part of `npm test`; test/bench/smoke.test.ts is the small one
// that `npm test` runs (the runner, the speed and scaling sections, report, summary and plots).
//   node --import tsx --test test/bench/full-smoke.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { devLists } from '../../bench/lib/dev-lists.ts';
import { SECTIONS, type BenchReport } from '../../bench/report/types.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

test('the smoke benchmark fills every section, judges every target and draws every plot', { timeout: 180_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'dvar-bench-test-'));
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', 'run.ts'), '--smoke', '--out', out], { cwd: REPO_ROOT, stdio: 'pipe' });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as BenchReport;
    assert.deepEqual(report.errors, {});
    for (const section of SECTIONS) assert.ok(report[section], `section ${section} is in the report`);
    assert.equal(report.meta.mode, 'smoke');

    const methods = new Set(report.speed!.cells.map((c) => c.method));
    // x4plus on ncnn has its row where the venv has ncnn, else it is skipped with its reason.
    const ncnn = report.speed!.skippedPeers?.['x4plus-ncnn'] ? [] : ['realesrgan-x4plus (ncnn CPU)'];
    assert.deepEqual(
      [...methods].map((m) => (m.startsWith('dvar') ? m.split(' ')[0] : m)),
      ['lanczos3', 'esrgan-slim', 'realesrgan-x4plus', ...ncnn, 'dvar', 'dvar-fast'],
    );
    assert.ok(report.speed!.cells.every((c) => c.secondsPerMP! > 0));
    assert.match(report.speed!.peerRuntimes['realesrgan-x4plus']!, /onnxruntime-node CPU, 2 threads/);
    const ncnnThreads = ncnn.length ? { 'realesrgan-x4plus (ncnn CPU)': 2 } : {};
    assert.deepEqual(report.speed!.peerThreads, { lanczos3: 2, 'esrgan-slim': 2, 'realesrgan-x4plus': 2, ...ncnnThreads }, "every peer at DVAR's threads");
    if (ncnn.length) assert.match(report.speed!.peerRuntimes[ncnn[0]!]!, /measured inside its Python process.*process start and model load excluded/);
    assert.match(report.speed!.peerRuntimes['esrgan-slim']!, /tfjs-wasm \(threaded SIMD build\), 2 threads/);
    for (const b of report.speed!.dvar) {
      for (const stage of ['decode', 'encoder', 'prefix', 'step', 'quantize', 'decoder', 'blend', 'encode']) assert.ok(b.stagesMs[stage]! >= 0, stage);
      assert.equal(b.perScale.length, 10, 'one row per scale of the fixture pack');
      assert.ok(b.perScale.slice(1).every((s) => s.stepGraphMs > 0));
    }
    assert.equal(report.scaling!.points.length, 6);
    assert.ok(report.scaling!.fit.r2 >= 0 && report.scaling!.fit.r2 <= 1);
    const e = report.efficiency!;
    assert.ok(e.peakGflops > 0 && e.gflopPerOutputMP > 0 && e.stepFractionOfPeak > 0);
    assert.equal(e.stepPerScale.length, 9);
    assert.ok(report.firstPreview!.firstPreviewMs > 0 && report.firstPreview!.scale === 1);
    assert.ok(report.rss!.peakMB >= report.rss!.afterOpenMB && report.rss!.afterOpenMB > 0);
    // The int8 table: every graph with a recipe swapped alone, timed on its recorded calls and scored.
    assert.deepEqual(
      report.int8!.rows.map((r) => r.graph),
      ['encoder', 'prefix', 'step', 'decoder'],
    );
    for (const r of report.int8!.rows) {
      assert.ok(r.calls > 0 && r.wallMsFloat32 > 0 && r.wallMsInt8 > 0 && r.cpuMsInt8 > 0, `${r.graph} timed`);
      assert.ok(Number.isFinite(r.deltaPsnrY) && r.p999Levels <= r.maxLevels, `${r.graph} scored`);
    }
    assert.equal(report.quality!.defaultMethod, 'dvar-off', "the fixture pack's default guard");
    assert.ok(report.quality!.fastPack, 'the smoke run stands the fixture pack in for the fast pack');
    // Every dev list: dev list 1 at the top level (report.json's shape before dev list 2), the others in `dev2`, `dev3`.
    const lists = devLists(report.quality);
    const folders = { dev: 'dev-images', dev2: 'dev-images-2', dev3: 'dev-images-3' };
    assert.deepEqual(
      lists.map((l) => [l.list, l.dir.endsWith(folders[l.list]), l.synthetic, l.montage]),
      [
        ['dev', true, true, 'montage.png'],
        ['dev2', true, true, 'montage-dev2.png'],
        ['dev3', true, true, 'montage-dev3.png'],
      ],
    );
    assert.equal(report.quality!.scores, lists[0]!.scores);
    for (const l of lists) {
      for (const deg of ['realesrgan', 'bicubic']) {
        for (const m of ['bicubic', 'lanczos3', 'dvar-off', 'dvar-fast', 'esrgan-slim', 'realesrgan-x4plus']) {
          const s = l.scores[deg]![m]!;
          for (const metric of ['psnr_y', 'ssim_y', 'sharpness', 'brisque', 'luma_shift_mean', 'luma_shift_max_abs', 'psnr_cbcr'] as const)
            assert.ok(Number.isFinite(s[metric]), `${l.list} ${deg} ${m} ${metric}`);
          assert.ok(s.luma_shift_max_abs >= Math.abs(s.luma_shift_mean));
          if (m !== 'bicubic') assert.ok(l.seconds[deg]![m]! >= 0, `${l.list} ${deg} ${m} seconds`);
        }
      }
    }
    assert.notEqual(
      lists[0]!.scores.realesrgan!['realesrgan-x4plus']!.psnr_y,
      lists[1]!.scores.realesrgan!['realesrgan-x4plus']!.psnr_y,
      'the two smoke lists hold different images',
    );

    assert.equal(report.targets.length, 14, '5 targets (RSS at 24 and 192 MP), 4 quality targets per dev list, x4plus speed');
    for (const n of [1, 2])
      assert.equal(
        report.targets.filter((t) => t.name.startsWith(`dev list ${n}, real-degraded:`) && t.measured !== 'not measured').length,
        4,
        `dev list ${n}'s quality rows`,
      );
    assert.ok(
      report.targets.every((t) => t.status === 'n/a'),
      'tiny sizes judge nothing',
    );
    assert.deepEqual(report.plots.sort(), ['efficiency.png', 'quality.png', 'scaling.png', 'speed.png', 'stages.png']);
    for (const png of [...report.plots, 'montage.png', 'montage-dev2.png', 'montage-dev3.png', 'int8-tiny.png', 'int8-tiny-diff.png']) {
      assert.ok(existsSync(join(out, png)), png);
      assert.deepEqual(readFileSync(join(out, png)).subarray(0, 4), PNG, `${png} is a PNG`);
    }
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const heading of ['## Targets', '## Speed', '## Time vs pixels', '## Efficiency', '## Time to first preview', '## Quality', '## int8 per graph'])
      assert.ok(summary.includes(heading), heading);
    for (const text of [
      "Every peer runs at DVAR's 2 threads.",
      '| **DVAR / x4plus** |',
      '| BRISQUE | luma shift (mean / max abs) |',
      '| **dvar-off** |',
      '| dvar-fast |',
      '| realesrgan-x4plus |',
      '### Dev list 1: the original 6 photos',
      '### Dev list 2: 6 new photos',
      '![montage, dev list 1](montage.png)',
      '![montage, dev list 2](montage-dev2.png)',
      '| dev list 2, real-degraded: BRISQUE (lower = more natural) |',
      '\\|mean\\| ≤ 1 level',
    ])
      assert.ok(summary.includes(text), text);
    assert.equal(summary.split('| **dvar-off** |').length - 1, 4, 'two tables per dev list');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
