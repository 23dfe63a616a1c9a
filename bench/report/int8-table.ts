// The int8 table in Markdown, for bench/results/int8.md (bench/int8.ts) and the summary's section.
import { outputMP } from '../lib/measure.ts';
import { MAX_DB_DROP, type Int8Result } from '../sections/int8.ts';

const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '–');

export function int8Table(r: Int8Result, heading = '##'): string[] {
  const mp = outputMP(r.side, r.side);
  const head = [
    'pack',
    'graph (only it int8)',
    'wall ms fp32 → int8',
    'CPU ms fp32 → int8',
    'speed-up wall / CPU',
    'share of fp32 restore',
    'restore s/MP fp32 → int8',
    'PSNR-Y Δ (dB)',
    '\\|Δ\\| levels max / p99.9',
    'MB fp32 → int8',
    `PSNR-Y within ${MAX_DB_DROP} dB`,
  ];
  const rows = r.rows.map((x) => [
    x.pack,
    `${x.graph} (${x.calls} call${x.calls === 1 ? '' : 's'})`,
    `${f(x.wallMsFloat32, 1)} → ${f(x.wallMsInt8, 1)}`,
    `${f(x.cpuMsFloat32, 1)} → ${f(x.cpuMsInt8, 1)}`,
    `${f(x.wallMsFloat32 / x.wallMsInt8)}× / ${f(x.cpuMsFloat32 / x.cpuMsInt8)}×`,
    `${f((100 * x.restoreGraphMs) / 1000 / (x.restoreSPerMPFloat32 * mp), 0)} %`,
    `${f(x.restoreSPerMPFloat32)} → ${f(x.restoreSPerMPInt8)}`,
    `${x.deltaPsnrY >= 0 ? '+' : ''}${f(x.deltaPsnrY, 3)}`,
    `${x.maxLevels} / ${x.p999Levels}`,
    `${f(x.float32MB, 1)} → ${f(x.int8MB, 1)}`,
    x.qualifies ? '**yes**' : 'no',
  ]);
  const methods = [...new Map(r.rows.map((x) => [x.graph, x.method])).entries()].map(([g, m]) => `- ${g}: ${m}`);
  const verdicts = [...new Set(r.rows.map((x) => x.pack))].map((pack) => {
    const all = r.rows.filter((x) => x.pack === pack);
    const ok = all.filter((x) => x.qualifies);
    const restoreMs = all[0]!.restoreSPerMPFloat32 * mp * 1000;
    const saved = ok.reduce((s, x) => s + (x.restoreSPerMPFloat32 - x.restoreSPerMPInt8) * mp * 1000, 0);
    const shipped = r.shippedInt8?.[pack] ?? [];
    const already = shipped.length
      ? ` ${pack} already ships ${shipped.join(', ')} in int8 (not measured again: bench/pack-ab.ts compares it with its float32 build).`
      : '';
    return (
      (ok.length
        ? `- ${pack}: ${ok.map((x) => x.graph).join(', ')} pass the PSNR-Y rule; together about ${f(saved, 0)} of ${f(restoreMs, 0)} ms per ${r.side}² restore (${f((100 * saved) / restoreMs, 0)} %). 1:1 crops: ${r.crops[pack]}, differences ×8: ${r.diffs?.[pack]}.`
        : `- ${pack}: no graph passes the PSNR-Y rule (1:1 crops: ${r.crops[pack]}, differences ×8: ${r.diffs?.[pack]}).`) + already
    );
  });
  return [
    `${heading} int8 per graph`,
    '',
    `onnxruntime-node, ${r.threads} threads, the engine's session options. Each row is the pack with only that graph swapped to int8, against the float32 pack, in the same run. ` +
      `Time: that graph's calls during a float32 restore of a ${r.side}×${r.side} synthetic LQ (${f(mp, 3)} MP output), replayed on the float32 and the int8 file in turn, best of ${r.rounds} rounds; ` +
      'wall time is what a user waits, CPU time (all threads) the work done, which a loaded machine disturbs less. ' +
      `Share: the graph's time inside the float32 restore (best of ${r.repeat}) over that restore; restore s/MP with int8 is projected by scaling that time by the replay's CPU-time ratio. ` +
      `Quality: the whole pipeline on ${r.pairs} ${r.synthetic ? 'synthetic stand-in pairs (smoke run)' : 'real-degraded pairs of dev list 1'} (PSNR-Y against HR by \`dev_images score\`, Δ = int8 − float32), and how far the 8-bit output moves from float32's.`,
    '',
    `Rule: ship int8 for a graph only where dev-set PSNR-Y is within ${MAX_DB_DROP} dB of float32 and there is no visible change at 1:1. The last column is the first half; ` +
      'for the second, the 1:1 crops of each pack (outputs, and |int8 − float32| × 8) and the drift column (largest and 99.9th-percentile change of an 8-bit sample). Packs are only read; graphs a pack already ships in int8 are named below, not measured again.',
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((x) => `| ${x.join(' | ')} |`),
    '',
    `Recipes (\`python -m dvar.quantize.int8\`; calibration on ${r.synthetic ? 'synthetic crops (smoke run)' : 'real-degraded training-photo crops, never the dev photos'}):`,
    ...methods,
    '',
    'The transformer graphs grow on disk: their float32 weights live in the shared transformer-weights.bin, the int8 copies hold theirs inline.',
    '',
    ...verdicts,
    '',
  ];
}
