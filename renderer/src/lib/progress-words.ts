// Where a restore stands, in a photographer's words. The engine refines every tile in passes from
// coarse to fine; big photos run in tiles, several at a time (a group goes through its passes together),
// so the pass counter starts again for each group. Naming the group's parts alongside the pass says why
// (naming the one tile an event came from would flicker through the group on every pass), and the
// percentage stays the photo's overall progress.
import type { ScaleProgress, TileSpan } from '../../../electron/ipc/contract.ts';
import { formatDuration, formatPercent } from './format.ts';

/** `group` is absent only from queue rows of workers older than it. */
type Parts = Pick<ScaleProgress, 'tileIndex' | 'tileCount'> & { group?: TileSpan | null };
type Progress = Pick<ScaleProgress, 'scale' | 'scales' | 'progress'> & Parts & { etaMs?: number | null };

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

/** "refining detail, pass 6 of 10 · parts 1–16 of 20"; the parts only when the photo has several. */
export function passWords(p: Progress): string {
  const pass = `refining detail, pass ${p.scale} of ${p.scales}`;
  return p.tileCount > 1 ? `${pass} · ${partWords(p)}` : pass;
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
