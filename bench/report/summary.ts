// bench/results/summary.md: the targets first, then one table per section, with the plots.
import { mpLabel } from './plots.ts';
import { devLists, listName } from '../lib/dev-lists.ts';
import type { MethodScores } from '../lib/dev-set.ts';
import type { BenchReport } from './types.ts';
import { int8Table } from './int8-table.ts';
import { x4plusRatios } from './x4plus-ratio.ts';
import { FAST_PACK_METHOD } from './speed-rows.ts';

const f = (v: number | null | undefined, d = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d));
const sign = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);
/** A table cell: a `|` inside it (the goal "|mean| ≤ 1 level") would end the cell. */
const cell = (v: string | number) => String(v).replace(/\|/g, '\\|');
const table = (head: string[], rows: Array<Array<string | number>>) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

function speed(r: BenchReport): string[] {
  const s = r.speed;
  if (!s) return [];
  const sides = [...new Set(s.cells.map((c) => c.side))];
  const methods = [...new Set(s.cells.map((c) => c.method))];
  const mp = (side: number) => s.cells.find((c) => c.side === side)!.outputMP;
  const rows = methods.map((m) => [m, ...sides.map((side) => f(s.cells.find((c) => c.method === m && c.side === side)?.secondsPerMP, 3))]);
  const ratios = x4plusRatios(s);
  if (ratios.length) rows.push(['**DVAR / x4plus**', ...sides.map((side) => f(ratios.find((q) => q.side === side)?.ratio, 2))]);
  const runtimes = [
    ...Object.entries(s.peerRuntimes ?? {}).map(([peer, how]) => `${peer} runs on ${how}.`),
    ...Object.entries(s.skippedPeers ?? {}).map(([peer, why]) => `${peer} was not run: ${why}.`),
  ];
  const fewer = Object.entries(s.peerThreads ?? {})
    .filter(([, t]) => t !== s.threads)
    .map(([peer, t]) => `${peer} (${t})`);
  const equalThreads = !s.peerThreads
    ? `The ESRGANs run on tfjs-${s.tfjsBackend} with ${s.tfjsThreads} thread${s.tfjsThreads === 1 ? '' : 's'}.`
    : fewer.length === 0
      ? `Every peer runs at DVAR's ${s.threads} threads.`
      : `Not at DVAR's ${s.threads} threads: ${fewer.join(', ')}; why is on its line below.`;
  const stages = [...new Set(s.dvar.flatMap((b) => Object.keys(b.stagesMs)))];
  const scales = s.dvar[0]?.perScale.slice(1).map((p) => p.scale) ?? [];
  return [
    `## Speed (${s.threads} threads, best of ${s.repeat})`,
    '',
    `Seconds per output megapixel, image in memory to image in memory. ${equalThreads}`,
    ...(runtimes.length ? ['', ...runtimes] : []),
    ...(ratios.length ? ['', "The last row is the DVAR pack's time over Real-ESRGAN x4plus's (target: ≤ 0.50)."] : []),
    ...(methods.some((m) => m.startsWith('restorer alone ('))
      ? [
          '',
          "`restorer alone (…)` is the pack's own restorer through the same tiles, blending and guard, no DVAR stage (the engine's `stages: 'restorer'`): the DVAR stages cost the difference.",
        ]
      : []),
    ...(methods.includes(FAST_PACK_METHOD)
      ? [
          '',
          `\`${FAST_PACK_METHOD}\` is the previous default pack (the quality section's fast pack), timed on the same input for comparison; the targets judge the pack under test.`,
        ]
      : []),
    '',
    table(['method', ...sides.map((side) => mpLabel(mp(side)))], rows),
    '',
    ...s.cells
      .filter((c) => c.error)
      .flatMap((c, i, all) => [`- ${c.method} at ${mpLabel(c.outputMP)} failed: ${c.error}`, ...(i === all.length - 1 ? [''] : [])]),
    '![speed](speed.png)',
    '',
    'DVAR per stage (ms; `decode`/`encode` are PNG through sharp, `other` is restore time no stage covers):',
    '',
    table(
      ['stage', ...s.dvar.map((b) => `${mpLabel(b.outputMP)} (${b.tiles} tiles)`)],
      stages.map((st) => [st, ...s.dvar.map((b) => f(b.stagesMs[st], 0))]),
    ),
    '',
    'Per scale (ms summed over tiles): the transformer `step` graph / the whole scale (ScaleEvent.stepMs: next_input, step, sample, fhat_update):',
    '',
    table(
      ['scale', ...s.dvar.map((b) => mpLabel(b.outputMP))],
      scales.map((k) => [k, ...s.dvar.map((b) => `${f(b.perScale[k - 1]?.stepGraphMs, 1)} / ${f(b.perScale[k - 1]?.scaleMs, 1)}`)]),
    ),
    '',
    '![stages](stages.png)',
    '',
    ...(s.scales?.length
      ? [
          "The whole job (restore, resample, PNG written) at each output scale of one input: ×2 and ×3 restore at the pack's ×4 and resample, so they cost what ×4 costs (`bench/results/scale-shortcut.md`: shrinking the input first loses 2.8 dB at ×2).",
          '',
          table(
            ['scale', 'input', 'output', 's'],
            s.scales.map((c) => [`×${c.scale}`, `${c.side}²`, mpLabel(c.outputMP), f(c.seconds)]),
          ),
          '',
        ]
      : []),
  ];
}

function scaling(r: BenchReport): string[] {
  const s = r.scaling;
  if (!s) return [];
  return [
    '## Time vs pixels',
    '',
    table(
      ['LQ side', 'output', 'tiles', 's', 's per MP'],
      s.points.map((p) => [p.side, mpLabel(p.outputMP), p.tiles, f(p.seconds, 3), f(p.secondsPerMP, 3)]),
    ),
    '',
    `Fit: ${f(s.fit.secondsPerMP, 3)} s per MP + ${f(s.fit.interceptSeconds, 3)} s, R² = ${f(s.fit.r2, 4)}.`,
    '',
    '![scaling](scaling.png)',
    '',
  ];
}

function efficiency(r: BenchReport): string[] {
  const e = r.efficiency;
  if (!e) return [];
  const graphs = Object.entries(e.graphs).map(([g, v]) => [g, f(v.gflop, 3), f(v.ms, 1), f(v.gflops, 1), `${f(100 * v.fractionOfPeak, 1)} %`]);
  const steps = e.stepPerScale.map((s) => [
    `step s${s.scale} (${s.tokens} tokens)`,
    f(s.gflop, 3),
    f(s.ms, 1),
    f(s.gflops, 1),
    `${f(100 * s.fractionOfPeak, 1)} %`,
  ]);
  return [
    '## Efficiency',
    '',
    `MatMul peak (onnxruntime, float32, ${r.meta.threads} threads): ${e.matmul.map((m) => `${m.shape.join('×')} ${f(m.gflops, 1)}`).join(', ')} GFLOP/s → peak ${f(e.peakGflops, 1)}.`,
    `The pack needs ${f(e.gflopPerOutputMP, 1)} GFLOP per output MP (MatMul/Gemm/Conv and their int8 forms; ${mpLabel(e.outputMP)} restore in ${e.tiles} tiles). The peak is float32's: int8 graphs can pass it.`,
    '',
    table(['graph', 'GFLOP', 'ms', 'GFLOP/s', 'of peak'], [...graphs, ...steps]),
    '',
    '![efficiency](efficiency.png)',
    '',
  ];
}

function previewAndRss(r: BenchReport): string[] {
  const p = r.firstPreview;
  const m = r.rss;
  return [
    '## Time to first preview and peak memory',
    '',
    p
      ? `First preview of a ${p.width}×${p.height} (${f(p.inputMP, 1)} MP) photo: ${f(p.firstPreviewMs / 1000)} s from restore() (scale ${p.scale} of tile 1 of ${p.tileCount}); decoding it took ${f(p.decodeMs / 1000)} s and opening the pack ${f(p.openMs / 1000)} s.`
      : 'First preview: not measured.',
    '',
    m
      ? `Peak RSS restoring ${m.side}×${m.side} → ${m.output.width}×${m.output.height} (${f(m.outputMP, 1)} MP, ${m.tiles} tiles, ${f(m.restoreSeconds, 1)} s) and encoding the PNG: ${f(m.peakMB, 0)} MiB (${f(m.afterOpenMB, 0)} after opening the pack, ${f(m.afterRestoreMB, 0)} after the restore).`
      : 'Peak RSS: not measured.',
    '',
    m?.large
      ? `Streamed (outputs past 24 MP go to the file band by band): ${m.large.input.width}×${m.large.input.height} → ${m.large.output.width}×${m.large.output.height} (${f(m.large.outputMP, 0)} MP, ${m.large.tiles} tiles, pack \`${m.large.pack}\`) peaked at ${f(m.large.peakMB, 0)} MiB in ${f(m.large.restoreSeconds, 0)} s.`
      : 'Peak RSS at 192 MP: no streamed run in this report (`bench/results/rss-streamed.json` has the last one).',
    '',
  ];
}

function quality(r: BenchReport): string[] {
  const q = r.quality;
  if (!q) return [];
  const lists = devLists(q);
  const parts = [
    '## Quality',
    '',
    'Every method runs on both fixed dev lists, neither ever trained on (photographs and credits: `docs/photo-credits.md`, sets `dev` and `dev2`). ' +
      'The x4plus quality targets are judged on each list separately, one row per list above; they are met only when both lists pass.',
    '',
    "BRISQUE: no-reference naturalness, lower is better (the dev originals score about 23). Luma shift: output mean luma minus the LQ input's, in 8-bit levels (mean over pairs / largest magnitude). PSNR-CbCr: colour fidelity (BT.601 Cb and Cr together), which PSNR-Y cannot see (tints, colour fringes). " +
      `In bold the default pack under its default guard, the row the targets judge.${q.fastPack ? ` \`dvar-fast\` is the pack in \`${q.fastPack}\` under its own default guard.` : ''}`,
    '',
  ];
  const runtimes = Object.entries(q.peerRuntimes ?? {}).map(([peer, how]) => `${peer}: ${how}`);
  if (runtimes.length)
    parts.push(`Peers at DVAR's ${r.meta.threads} threads where they can (their time per list is in report.json): ${runtimes.join('; ')}.`, '');
  if (lists.length < 2) parts.push('_Dev list 2 was not measured in this report (it predates the second list)._', '');
  for (const l of lists) {
    parts.push(
      `### ${l.title}`,
      '',
      `Photos: set \`${l.list}\` in \`docs/photo-credits.md\`. ` +
        (l.synthetic ? `_Synthetic stand-in pairs here (smoke run), not the photos of ${listName(l.list)}._\n` : `Dev pairs in \`${l.dir}\`.\n`),
    );
    for (const [deg, methods] of Object.entries(l.scores)) {
      parts.push(`${listName(l.list)}, x4 from ${deg === 'bicubic' ? 'clean bicubic' : 'real-degraded (Real-ESRGAN pipeline)'} inputs:`, '');
      const head = ['method', 'PSNR-Y (dB)', 'SSIM-Y', 'sharpness (1 = HR)', 'BRISQUE', 'luma shift (mean / max abs)', 'PSNR-CbCr (dB)', 'pairs'];
      const row = (m: string, s: MethodScores) => [
        m === q.defaultMethod ? `**${m}**` : m,
        f(s.psnr_y),
        f(s.ssim_y, 4),
        f(s.sharpness, 3),
        f(s.brisque, 1),
        `${sign(s.luma_shift_mean)} / ${f(s.luma_shift_max_abs)}`,
        s.psnr_cbcr === undefined ? '–' : f(s.psnr_cbcr),
        s.pairs,
      ];
      parts.push(
        table(
          head,
          Object.entries(methods).map(([m, s]) => row(m, s)),
        ),
        '',
      );
    }
    parts.push(`![montage, ${listName(l.list)}](${l.montage})`, '');
  }
  return [...parts, '![quality](quality.png)', ''];
}

export function summary(r: BenchReport): string {
  const m = r.meta;
  const errors = Object.entries(r.errors).map(([s, e]) => `- **${s} failed**: ${e}`);
  return [
    `# DVAR benchmark (${m.mode}${m.quickRss ? ', quick RSS' : ''})`,
    '',
    `${m.date} · pack \`${m.packName}\` · ${m.cpu} · ${m.threads} threads · Node ${m.node} · onnxruntime-node ${m.onnxruntime} · commit ${m.commit ?? '?'} · ${f(m.seconds / 60, 1)} min`,
    '',
    '## Targets',
    '',
    table(
      ['target', 'goal', 'measured', ''],
      r.targets.map((t) => [t.name, t.goal, t.measured, `**${t.status}**`]),
    ),
    '',
    "The x4plus quality targets have one row per dev list (dev list 1 = the original 6 photos, dev list 2 = 6 new photos); both lists' rows must pass.",
    '',
    ...(errors.length ? [...errors, ''] : []),
    ...speed(r),
    ...scaling(r),
    ...efficiency(r),
    ...previewAndRss(r),
    ...quality(r),
    ...(r.int8 ? int8Table(r.int8) : []),
  ].join('\n');
}
