// The report's charts as Vega-Lite specs, one function per PNG; each returns null when its section has
// no data (it failed or was skipped).
import { devLists, listName } from '../lib/dev-lists.ts';
import type { BenchReport } from './types.ts';

type Spec = Record<string, unknown>;
const W = 520;
const H = 300;

/** 0.25, 1.00, 4.00; small smoke sizes keep two significant digits. */
export const mpLabel = (mp: number) => `${mp >= 0.1 ? mp.toFixed(2) : mp.toPrecision(2)} MP`;
const PIPELINE = [
  'decode',
  'text',
  'encoder',
  'condition',
  'prefix',
  'quantize',
  'next_input',
  'step',
  'sample',
  'fhat_update',
  'preview',
  'decoder',
  'fidelity',
  'blend',
  'other',
  'encode',
];

export function speedChart(r: BenchReport): Spec | null {
  const values = r.speed?.cells.filter((c) => c.secondsPerMP !== null).map((c) => ({ ...c, size: mpLabel(c.outputMP) }));
  if (!values?.length) return null;
  const methods = [...new Set(values.map((v) => v.method))];
  const encoding = {
    x: { field: 'size', type: 'ordinal', title: 'output size', sort: null, axis: { labelAngle: 0 } },
    xOffset: { field: 'method', sort: methods },
    y: { field: 'secondsPerMP', type: 'quantitative', title: 's per output MP' },
  };
  return {
    title: `Seconds per output megapixel, ${r.meta.threads} threads (lower is better)`,
    data: { values },
    encoding,
    layer: [
      { mark: 'bar', encoding: { color: { field: 'method', type: 'nominal', sort: methods } } },
      { mark: { type: 'text', dy: -5, fontSize: 9 }, encoding: { text: { field: 'secondsPerMP', format: '.2f' } } },
    ],
    width: W,
    height: H,
  };
}

export function scalingChart(r: BenchReport): Spec | null {
  const s = r.scaling;
  if (!s?.points.length) return null;
  const xs = s.points.map((p) => p.outputMP);
  const line = [0, Math.max(...xs)].map((x) => ({ outputMP: x, seconds: s.fit.interceptSeconds + s.fit.secondsPerMP * x }));
  const title = `DVAR time vs output pixels: ${s.fit.secondsPerMP.toFixed(3)} s/MP + ${s.fit.interceptSeconds.toFixed(3)} s, R² = ${s.fit.r2.toFixed(4)}`;
  const x = { field: 'outputMP', type: 'quantitative', title: 'output megapixels' };
  const y = { field: 'seconds', type: 'quantitative', title: 'seconds' };
  return {
    title,
    width: W,
    height: H,
    layer: [
      { data: { values: line }, mark: { type: 'line', strokeDash: [6, 4], color: '#888' }, encoding: { x, y } },
      { data: { values: s.points }, mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y } },
    ],
  };
}

export function stagesChart(r: BenchReport): Spec | null {
  const rows = r.speed?.dvar;
  if (!rows?.length) return null;
  const values = rows.flatMap((b) => {
    const size = mpLabel(b.outputMP);
    const stages = Object.entries(b.stagesMs)
      .filter(([k]) => k !== 'step')
      .map(([stage, ms]) => ({ size, stage, ms }));
    const steps = b.perScale.slice(1).map((s) => ({ size, stage: `step s${String(s.scale).padStart(2, '0')}`, ms: s.stepGraphMs }));
    // The engine's `step` stage also covers feeding the graph; what the graph runs do not explain:
    const fed = (b.stagesMs.step ?? 0) - steps.reduce((t, s) => t + s.ms, 0);
    return [...stages, ...steps, { size, stage: 'step (feeds)', ms: Math.max(0, fed) }];
  });
  const rank = (stage: string) =>
    PIPELINE.indexOf(stage.startsWith('step') ? 'step' : stage) * 100 + (stage.startsWith('step s') ? Number(stage.slice(6)) : 99);
  const domain = [...new Set(values.map((v) => v.stage))].sort((a, b) => rank(a) - rank(b));
  for (const v of values) Object.assign(v, { rank: domain.indexOf(v.stage) });
  return {
    title: 'DVAR time per stage (share of each run)',
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'size', type: 'ordinal', title: 'output size', sort: null, axis: { labelAngle: 0 } },
      y: { aggregate: 'sum', field: 'ms', type: 'quantitative', stack: 'normalize', title: 'share of time' },
      color: { field: 'stage', type: 'nominal', scale: { scheme: 'category20', domain }, sort: domain },
      order: { field: 'rank' },
    },
    width: 360,
    height: H,
  };
}

const QUALITY_METRICS = ['psnr_y', 'ssim_y', 'sharpness', 'brisque', 'luma_shift_mean'] as const;

export function qualityChart(r: BenchReport): Spec | null {
  const lists = devLists(r.quality);
  if (!lists.length) return null;
  // A report.json from before BRISQUE and luma shift were scored has no such fields: leave those bars
  // out; one from before dev list 2 has one list's rows only.
  const values = lists.flatMap((l) =>
    Object.entries(l.scores).flatMap(([degradation, methods]) =>
      Object.entries(methods).flatMap(([method, m]) =>
        QUALITY_METRICS.filter((metric) => Number.isFinite(m[metric])).map((metric) => ({
          input: `${listName(l.list)}, ${degradation}`,
          method,
          metric,
          value: m[metric],
        })),
      ),
    ),
  );
  return {
    title: 'Quality on the dev lists (PSNR-Y dB, SSIM-Y, sharpness: 1 = as sharp as HR, BRISQUE: lower = more natural, luma shift: levels vs LQ)',
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'method', type: 'nominal', title: null },
      y: { field: 'value', type: 'quantitative', title: null },
      color: { field: 'method', type: 'nominal', legend: null },
      column: { field: 'metric', type: 'nominal', title: null, sort: QUALITY_METRICS },
      row: { field: 'input', type: 'nominal', title: 'dev list, input' },
    },
    resolve: { scale: { y: 'independent' } },
    width: 180,
    height: 180,
  };
}

export function efficiencyChart(r: BenchReport): Spec | null {
  const e = r.efficiency;
  if (!e) return null;
  const values = [
    ...Object.entries(e.graphs)
      .filter(([, g]) => g.gflop > 0)
      .map(([name, g]) => ({ name, gflops: g.gflops })),
    ...e.stepPerScale.map((s) => ({ name: `step s${String(s.scale).padStart(2, '0')}`, gflops: s.gflops })),
  ];
  const rules = [
    { y: e.peakGflops, label: 'MatMul peak' },
    { y: 0.4 * e.peakGflops, label: 'target: 40 % of peak' },
  ];
  return {
    title: `Achieved GFLOP/s per graph and scale vs the MatMul peak (${e.peakGflops.toFixed(1)} GFLOP/s)`,
    width: W,
    height: H,
    layer: [
      {
        data: { values },
        mark: 'bar',
        encoding: { x: { field: 'name', type: 'nominal', title: null, sort: null }, y: { field: 'gflops', type: 'quantitative', title: 'GFLOP/s' } },
      },
      { data: { values: rules }, mark: { type: 'rule', strokeDash: [6, 4], color: '#c33' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: rules },
        mark: { type: 'text', align: 'right', dy: -6, color: '#c33', x: 'width' },
        encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  };
}

export const PLOTS = { speed: speedChart, scaling: scalingChart, stages: stagesChart, quality: qualityChart, efficiency: efficiencyChart };
