// bench/fair-peers.ts's report: every method's scores per dev list, the targets that judge DVAR against
// its own restorer + guard (issue "earn its place"), the token ablation, the speed ratio to the restorer
// alone, and one perception–distortion figure per list (Blau & Michaeli: PSNR-Y against BRISQUE and
// against sharpness along each method's detail sweep).
import { join } from 'node:path';
import type { MethodScores, Scores } from '../lib/dev-set.ts';
import { DEV_LISTS, type DevListId } from '../lib/dev-lists.ts';
import { DETAIL_SWEEP, withDetail } from '../lib/fair-methods.ts';
import { renderChart } from '../lib/charts.ts';

export interface SpeedRow {
  side: number;
  outputMP: number;
  restorerSPerMP: number;
  dvarSPerMP: number;
  dvarStagesMs: Record<string, number>;
}

export interface FairPeersReport {
  date: string;
  pack: string;
  threads: number;
  guardDepth: number;
  depthPsnr: Record<string, number>;
  quality: Partial<Record<DevListId, Scores>>;
  speed: SpeedRow[];
}

const DEGRADATION_WORDS: Record<string, string> = { realesrgan: 'real-degraded', bicubic: 'clean ↓4' };
const listWords = (id: DevListId) => `dev list ${DEV_LISTS.find((l) => l.id === id)!.n}${id === 'dev3' ? ' (held out)' : ''}`;
const peer = (r: FairPeersReport) => `restorer-guard${r.guardDepth}`;
const f = (x: number | undefined, digits: number) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const verdict = (ok: boolean) => (ok ? '**PASS**' : '**MISS**');

function methodRows(r: FairPeersReport, scores: Record<string, MethodScores>): string[] {
  const order = ['restorer', peer(r), `x4plus-guard${r.guardDepth}`, 'dvar', 'dvar-tokens-encoder', 'dvar-tokens-none'];
  const words: Record<string, string> = {
    restorer: '(a) restorer alone',
    [peer(r)]: `(b) restorer + guard (${r.guardDepth} levels)`,
    [`x4plus-guard${r.guardDepth}`]: `(c) x4plus float32 + guard (${r.guardDepth} levels)`,
    dvar: '**DVAR (the pack, defaults)**',
    'dvar-tokens-encoder': 'DVAR, E_dr tokens only (no transformer)',
    'dvar-tokens-none': 'DVAR, no tokens (decoder on the restored image alone)',
  };
  return order
    .filter((m) => scores[m])
    .map((m) => {
      const s = scores[m]!;
      return `| ${words[m]} | ${f(s.psnr_y, 2)} | ${f(s.ssim_y, 4)} | ${f(s.sharpness, 3)} | ${f(s.brisque, 1)} | ${f(s.psnr_cbcr, 2)} |`;
    });
}

function targetRows(r: FairPeersReport): string[] {
  const rows: string[] = [];
  for (const [id, scores] of Object.entries(r.quality) as [DevListId, Scores][]) {
    for (const [deg, methods] of Object.entries(scores)) {
      const d = methods.dvar;
      const b = methods[peer(r)];
      if (!d || !b) continue;
      const where = `${listWords(id)}, ${DEGRADATION_WORDS[deg] ?? deg}`;
      rows.push(`| ${where} | PSNR-Y ≥ (b) − 0.05 dB | ${f(d.psnr_y, 2)} vs ${f(b.psnr_y, 2)} | ${verdict(d.psnr_y >= b.psnr_y - 0.05)} |`);
      rows.push(`| ${where} | SSIM-Y ≥ (b) − 0.002 | ${f(d.ssim_y, 4)} vs ${f(b.ssim_y, 4)} | ${verdict(d.ssim_y >= b.ssim_y - 0.002)} |`);
      rows.push(`| ${where} | BRISQUE < (b) | ${f(d.brisque, 1)} vs ${f(b.brisque, 1)} | ${verdict(d.brisque < b.brisque)} |`);
      rows.push(`| ${where} | sharpness > (b) | ${f(d.sharpness, 3)} vs ${f(b.sharpness, 3)} | ${verdict(d.sharpness > b.sharpness)} |`);
    }
  }
  const held = r.quality.dev3;
  if (held) {
    for (const [deg, m] of Object.entries(held)) {
      const full = m.dvar;
      const enc = m['dvar-tokens-encoder'];
      if (!full || !enc) continue;
      const dp = full.psnr_y - enc.psnr_y;
      const ok = dp >= 0.1 || (Math.abs(dp) <= 0.05 && enc.brisque - full.brisque >= 1);
      rows.push(
        `| ${listWords('dev3')}, ${DEGRADATION_WORDS[deg] ?? deg} | transformer beats E_dr tokens only: ≥ 0.1 dB, or ≥ 1 BRISQUE at equal PSNR-Y | ${dp >= 0 ? '+' : ''}${dp.toFixed(2)} dB, BRISQUE ${f(full.brisque, 1)} vs ${f(enc.brisque, 1)} | ${verdict(ok)} |`,
      );
    }
  }
  for (const s of r.speed) {
    const ratio = s.dvarSPerMP / s.restorerSPerMP;
    rows.push(
      `| ${s.outputMP.toFixed(2)} MP output | whole restore ≤ 1.25× the restorer alone per output MP | ${s.dvarSPerMP.toFixed(2)} vs ${s.restorerSPerMP.toFixed(2)} s/MP (${ratio.toFixed(2)}×) | ${verdict(ratio <= 1.25)} |`,
    );
  }
  return rows;
}

/** The detail sweep of one method as chart points. */
function sweep(scores: Scores, base: string, series: string) {
  return Object.entries(scores).flatMap(([deg, methods]) =>
    DETAIL_SWEEP.flatMap((d) => {
      const s = methods[withDetail(base, d)];
      return s ? [{ series, inputs: DEGRADATION_WORDS[deg] ?? deg, detail: d, psnr: s.psnr_y, brisque: s.brisque, sharpness: s.sharpness }] : [];
    }),
  );
}

export async function pdCharts(r: FairPeersReport, outDir: string, name: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [id, scores] of Object.entries(r.quality) as [DevListId, Scores][]) {
    const values = [...sweep(scores, 'dvar', 'DVAR'), ...sweep(scores, peer(r), '(b) restorer + guard')];
    const panel = (inputs: string, y: 'brisque' | 'sharpness') => ({
      title: `${inputs}: PSNR-Y vs ${y === 'brisque' ? 'BRISQUE (lower = more natural)' : 'sharpness (1 = HR)'}`,
      width: 300,
      height: 220,
      transform: [{ filter: { field: 'inputs', equal: inputs } }],
      encoding: {
        x: { field: 'psnr', type: 'quantitative', title: 'PSNR-Y (dB)', scale: { zero: false } },
        y: { field: y, type: 'quantitative', title: y === 'brisque' ? 'BRISQUE' : 'sharpness', scale: { zero: false, reverse: y === 'brisque' } },
        color: { field: 'series', type: 'nominal', title: null },
        order: { field: 'detail', type: 'quantitative' },
      },
      layer: [
        { mark: { type: 'line', point: true } },
        { mark: { type: 'text', dy: -8, fontSize: 9 }, encoding: { text: { field: 'detail', type: 'quantitative' } } },
      ],
    });
    const file = `${name}-pd-${id}.png`;
    await renderChart(
      {
        title: `Perception–distortion, ${listWords(id)}: detail strength 0.5–1.5 along each curve (up and right is better)`,
        data: { values },
        columns: 2,
        concat: ['real-degraded', 'clean ↓4'].flatMap((inputs) => [panel(inputs, 'brisque'), panel(inputs, 'sharpness')]),
      },
      join(outDir, file),
    );
    files[id] = file;
  }
  return files;
}

export function fairPeersMarkdown(r: FairPeersReport, charts: Record<string, string>): string {
  const lines = [
    '# Does DVAR earn its place? (`bench/fair-peers.ts`)',
    '',
    `${r.date} · pack ${r.pack} · ${r.threads} threads, every method in one process on the same inputs.`,
    '',
    ...(Object.keys(r.quality).length === 0
      ? ['Speed only (`--no-quality`): no dev list was scored, so no guard depth was chosen.', '']
      : [
          `(b) and (c) use the wavelet guard at ${r.guardDepth} levels, the depth with the best mean PSNR-Y of (b) over dev lists 1–2, both degradations (${Object.entries(
            r.depthPsnr,
          )
            .map(([l, p]) => `${l}: ${f(p, 3)} dB`)
            .join(', ')}); dev list 3 is held out and chose nothing.`,
          '',
        ]),
    '## Targets: DVAR against its own restorer + guard',
    '',
    '| where | target | measured | |',
    '|---|---|---|---|',
    ...targetRows(r),
    '',
  ];
  for (const [id, scores] of Object.entries(r.quality) as [DevListId, Scores][]) {
    lines.push(`## ${listWords(id)[0]!.toUpperCase()}${listWords(id).slice(1)}`, '');
    for (const [deg, methods] of Object.entries(scores)) {
      lines.push(
        `${DEGRADATION_WORDS[deg] ?? deg} ×4, ${methods.dvar?.pairs ?? '?'} pairs:`,
        '',
        '| method | PSNR-Y | SSIM-Y | sharpness | BRISQUE | PSNR-CbCr |',
        '|---|---|---|---|---|---|',
        ...methodRows(r, methods),
        '',
      );
    }
    if (charts[id]) lines.push(`![perception–distortion, ${listWords(id)}](${charts[id]})`, '');
  }
  if (r.speed.length) {
    const stages = [...new Set(r.speed.flatMap((s) => Object.keys(s.dvarStagesMs)))];
    lines.push(
      '## Speed: the whole pipeline against the restorer alone',
      '',
      "Seconds per output MP, best of the repetitions, the two interleaved on the same synthetic input; the restorer alone is the engine with `stages: 'restorer'` (same tiles, same blending and guard).",
      '',
      '| output | restorer alone | whole DVAR | ratio |',
      '|---|---|---|---|',
      ...r.speed.map(
        (s) =>
          `| ${s.outputMP.toFixed(2)} MP | ${s.restorerSPerMP.toFixed(2)} | ${s.dvarSPerMP.toFixed(2)} | ${(s.dvarSPerMP / s.restorerSPerMP).toFixed(2)}× |`,
      ),
      '',
      'DVAR per stage (ms, the best repetition):',
      '',
      `| stage | ${r.speed.map((s) => `${s.outputMP.toFixed(2)} MP`).join(' | ')} |`,
      `|---|${r.speed.map(() => '---|').join('')}`,
      ...stages.map((st) => `| ${st} | ${r.speed.map((s) => f(s.dvarStagesMs[st], 0)).join(' | ')} |`),
      '',
    );
  }
  return lines.join('\n');
}
