// The issues' targets, judged from a report. Smoke runs use tiny sizes, so their verdicts are n/a.
import { judge } from './judge.ts';
import { mpLabel } from './plots.ts';
import { isPackUnderTest } from './speed-rows.ts';
import type { BenchReport, Target } from './types.ts';
import { x4plusTargets } from './x4plus-targets.ts';

const GB = 1024;

export function targets(r: BenchReport): Target[] {
  const smoke = r.meta.mode === 'smoke';
  const fp = r.firstPreview;
  const dvar = r.speed?.cells.filter(isPackUnderTest) ?? [];
  const medium = r.speed?.cells.filter((c) => c.method === 'esrgan-medium') ?? [];
  const pairs = dvar.map((d) => [d, medium.find((m) => m.side === d.side)] as const).filter(([, m]) => m?.secondsPerMP);
  const ratio = pairs.map(([d, m]) => `${mpLabel(d.outputMP)}: ${d.secondsPerMP!.toFixed(2)} vs ${m!.secondsPerMP!.toFixed(2)}`);
  const eff = r.efficiency;
  const rss = r.rss;
  const rssIs24 = rss ? rss.outputMP >= 24 : false;
  return [
    {
      name: `time to first preview, ${fp ? mpLabel(fp.inputMP) : '12 MP'} photo`,
      goal: '< 1 s',
      measured: fp ? `${(fp.firstPreviewMs / 1000).toFixed(2)} s (decode ${(fp.decodeMs / 1000).toFixed(2)} s before it)` : 'not measured',
      status: judge(fp && fp.firstPreviewMs < 1000, smoke),
    },
    {
      name: 'time per output MP vs esrgan-medium',
      goal: '≤ esrgan-medium at every size',
      measured: ratio.length ? `${ratio.join('; ')} s/MP` : 'not measured',
      status: judge(pairs.length ? pairs.every(([d, m]) => d.secondsPerMP! <= m!.secondsPerMP!) : undefined, smoke),
    },
    {
      name: 'transformer steps vs matmul peak',
      goal: '≥ 40 %',
      measured: eff
        ? `${(100 * eff.stepFractionOfPeak).toFixed(1)} % (${eff.graphs.step?.gflops.toFixed(1) ?? '?'} of ${eff.peakGflops.toFixed(1)} GFLOP/s)`
        : 'not measured',
      status: judge(eff && eff.stepFractionOfPeak >= 0.4, smoke),
    },
    {
      name: `peak RSS, ${rss ? mpLabel(rss.outputMP) : '24 MP'} output`,
      goal: '≤ 2 GB at 24 MP',
      measured: rss ? `${(rss.peakMB / GB).toFixed(2)} GiB` : 'not measured',
      status: judge(rss && rssIs24 ? rss.peakMB <= 2 * GB : undefined, smoke),
    },
    {
      name: `peak RSS, ${rss?.large ? mpLabel(rss.large.outputMP) : '192 MP'} output (streamed)`,
      goal: '≤ 2 GB at 192 MP',
      measured: rss?.large ? `${(rss.large.peakMB / GB).toFixed(2)} GiB` : 'not measured',
      status: judge(rss?.large && rss.large.outputMP >= 190 ? rss.large.peakMB <= 2 * GB : undefined, smoke),
    },
    ...x4plusTargets(r),
  ];
}
