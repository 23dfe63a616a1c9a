// Where a restore stands, in a photographer's words. The engine refines every tile scale by scale from
// coarse to fine; in a pack with a restorer, each tile's restorer runs after its first scale and takes
// most of the time. Big photos run in tiles, several at a time (a group goes through its scales
// together), so the scale counter starts again for each group. Naming the group's parts alongside the
// step says why (naming the one tile an event came from would flicker through the group on every scale),
// and the percentage stays the photo's overall progress.
import type { ScaleProgress, TileSpan } from '../../../electron/ipc/contract.ts';
import { formatDuration, formatPercent } from './format.ts';

/** `group` is absent only from queue rows of workers older than it. */
type Parts = Pick<ScaleProgress, 'tileIndex' | 'tileCount'> & { group?: TileSpan | null };
type Stage = Pick<ScaleProgress, 'scale' | 'scales' | 'restorerNext'>;
type Progress = Pick<ScaleProgress, 'progress'> & Stage & Parts & { etaMs?: number | null };

/** True while several parts run their passes together (the tiles of one group). */
export function severalParts(p: Parts): boolean {
  return p.group != null && p.group.last > p.group.first;
}

/** "3 of 12", or "1–16 of 20" while parts 1 to 16 run together. */
export function partsOf(p: Parts): string {
  return severalParts(p) ? `${p.group!.first + 1}–${p.group!.last + 1} of ${p.tileCount}` : `${p.tileIndex + 1} of ${p.tileCount}`;
}

/** "part 3 of 12", "parts 1–16 of 20". */
export function partWords(p: Parts): string {
  return `${severalParts(p) ? 'parts' : 'part'} ${partsOf(p)}`;
}

/**
 * What the time is going to now, in the command line's words (electron/cli/stage-words.ts): an event
 * comes when its scale is done, so the work under way is the step after it, the restorer where the event
 * says so, then the next scale, and after the last scale assembling the image.
 */
export function stageWords(p: Stage): string {
  if (p.restorerNext) return 'restoring detail';
  if (p.scale < p.scales) return `refining, scale ${p.scale + 1} of ${p.scales}`;
  return 'assembling the image';
}

/** "restoring detail · parts 1–16 of 20"; the parts only when the photo has several. */
export function stageAndParts(p: Stage & Parts): string {
  const stage = stageWords(p);
  return p.tileCount > 1 ? `${stage} · ${partWords(p)}` : stage;
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
