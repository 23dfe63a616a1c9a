// The targets against x4plus: the default pack (under its default guard) against Real-ESRGAN x4plus, measured in
// the same run: on each dev list's real-degraded pairs (judged separately, one row per list and target;
// each must be met on both lists) higher PSNR-Y and SSIM-Y, BRISQUE ≤ 40, sharpness ≥ 0.75 of
// HR's, mean luma within 1 level of the input's; and at most half of x4plus's time per output MP at
// every speed size (0.25, 1, 4 MP).
import { DEV_LISTS, devLists, listName, type DevListId } from '../lib/dev-lists.ts';
import { X4PLUS_NAME } from '../peers/realesrgan-x4plus.ts';
import { judge } from './judge.ts';
import { mpLabel } from './plots.ts';
import { isPackUnderTest } from './speed-rows.ts';
import type { BenchReport, Target } from './types.ts';
import { x4plusRatios } from './x4plus-ratio.ts';

const sign = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;

/** The four quality targets on one dev list (rows named "dev list N, real-degraded: …"). */
function qualityTargets(r: BenchReport, id: DevListId): Target[] {
  const smoke = r.meta.mode === 'smoke';
  const q = r.quality;
  // A report from before these scores existed (kept by --only) has no defaultMethod or BRISQUE, and one
  // from before dev list 2 has no `dev2`: those rows say "not measured".
  const run = devLists(q).find((l) => l.list === id);
  const scores = q?.defaultMethod ? run?.scores.realesrgan : undefined;
  const d = q?.defaultMethod ? scores?.[q.defaultMethod] : undefined;
  const x = scores?.[X4PLUS_NAME];
  const who = q?.defaultMethod ?? 'default pack';
  const measured = (text: () => string) => (d && Number.isFinite(d.brisque) ? text() : 'not measured');
  const where = `${listName(id)}, real-degraded`;
  return [
    {
      name: `${where}: PSNR-Y and SSIM-Y vs realesrgan-x4plus`,
      goal: 'both higher than x4plus',
      measured: measured(
        () => `${who} ${d!.psnr_y.toFixed(2)} dB / ${d!.ssim_y.toFixed(4)} vs ${x ? `${x.psnr_y.toFixed(2)} / ${x.ssim_y.toFixed(4)}` : 'x4plus not run'}`,
      ),
      status: judge(d && x ? d.psnr_y > x.psnr_y && d.ssim_y > x.ssim_y : undefined, smoke),
    },
    {
      name: `${where}: BRISQUE (lower = more natural)`,
      goal: '≤ 40',
      measured: measured(() => `${who} ${d!.brisque.toFixed(1)}${x ? ` (x4plus ${x.brisque.toFixed(1)})` : ''}`),
      status: judge(d && Number.isFinite(d.brisque) ? d.brisque <= 40 : undefined, smoke),
    },
    {
      name: `${where}: sharpness (1 = HR)`,
      goal: '≥ 0.75',
      measured: measured(() => `${who} ${d!.sharpness.toFixed(3)}${x ? ` (x4plus ${x.sharpness.toFixed(3)})` : ''}`),
      status: judge(d ? d.sharpness >= 0.75 : undefined, smoke),
    },
    {
      name: `${where}: mean luma shift vs the LQ input`,
      goal: '|mean| ≤ 1 level',
      measured: measured(
        () =>
          `${who} ${sign(d!.luma_shift_mean)} (max abs ${d!.luma_shift_max_abs.toFixed(2)})${x ? `; x4plus ${sign(x.luma_shift_mean)} (max abs ${x.luma_shift_max_abs.toFixed(2)})` : ''}`,
      ),
      status: judge(d && Number.isFinite(d.luma_shift_mean) ? Math.abs(d.luma_shift_mean) <= 1 : undefined, smoke),
    },
  ];
}

/**
 * The x4plus targets: the four quality targets once per dev list (dev list 1's four rows, then dev list
 * 2's; they are met only when all eight pass), then the speed target.
 */
export function x4plusTargets(r: BenchReport): Target[] {
  const smoke = r.meta.mode === 'smoke';
  const ratios = x4plusRatios(r.speed);
  const dvarSizes = r.speed?.cells.filter((c) => isPackUnderTest(c) && c.secondsPerMP).length ?? 0;
  const allSizes = ratios.length > 0 && ratios.length === dvarSizes;
  return [
    // Lists 1 and 2 always (a report without list 2 says "not measured"); the held-out list 3 where measured.
    ...DEV_LISTS.filter((l) => l.id !== 'dev3' || devLists(r.quality).some((m) => m.list === 'dev3')).flatMap((l) => qualityTargets(r, l.id)),
    {
      name: 'time per output MP vs realesrgan-x4plus (same run, same threads)',
      goal: '≤ 0.5× x4plus at every size',
      measured: ratios.length
        ? `${ratios.map((s) => `${mpLabel(s.outputMP)}: ${s.dvar.toFixed(2)} vs ${s.x4plus.toFixed(2)} s/MP (${s.ratio.toFixed(2)}×)`).join('; ')}${allSizes ? '' : '; x4plus missing at some sizes'}`
        : 'not measured',
      // A size where x4plus failed cannot pass, so the verdict waits for all of them.
      status: judge(allSizes ? ratios.every((s) => s.ratio <= 0.5) : undefined, smoke),
    },
  ];
}
