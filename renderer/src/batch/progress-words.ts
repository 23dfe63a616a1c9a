// Where a restore stands, in a photographer's words. The engine refines every tile in passes from
// coarse to fine; big photos run in tiles (in groups), so the pass counter starts again for each group.
// Naming the tile alongside the pass says why, and the percentage stays the photo's overall progress.
import type { ScaleProgress } from '../../../electron/ipc/contract.ts';
import { formatDuration, formatPercent } from '../lib/format.ts';

type Progress = Pick<ScaleProgress, 'scale' | 'scales' | 'tileIndex' | 'tileCount' | 'progress'> & { etaMs?: number | null };

/** "refining detail, pass 6 of 10 · tile 3 of 12". */
export function passWords(p: Progress): string {
  const pass = `refining detail, pass ${p.scale} of ${p.scales}`;
  return p.tileCount > 1 ? `${pass} · tile ${p.tileIndex + 1} of ${p.tileCount}` : pass;
}

/** "42% · about 12 s left", or "42% · estimating time…" before there is an estimate. */
export function overallWords(p: Progress): string {
  const left = p.etaMs != null ? `about ${formatDuration(p.etaMs)} left` : 'estimating time…';
  return `${formatPercent(p.progress)} · ${left}`;
}

/** Time a photo should take before it starts, from this machine's remembered speed; null when unknown. */
export function plannedPhotoMs(msPerInputMP: number | null | undefined, width: number, height: number): number | null {
  return msPerInputMP ? (msPerInputMP * width * height) / 1e6 : null;
}
