// The project's two fixed dev lists (models/dvar/data/photos.py: DEV_PHOTOS and DEV2_PHOTOS, credits in
// docs/photo-credits.md), neither ever trained on. The quality section runs every method on both, and
// the x4plus quality targets are judged on each list separately. No heavy imports: the report code
// (summary, targets, plots) reads these too.
import type { Scores } from './dev-set.ts';

export const DEV_LISTS = [
  { id: 'dev', n: 1, title: 'Dev list 1: the original 6 photos', folder: 'dev-images', montage: 'montage.png' },
  { id: 'dev2', n: 2, title: 'Dev list 2: 6 new photos', folder: 'dev-images-2', montage: 'montage-dev2.png' },
  // Held out: reported on its own rows, never used to choose a setting.
  { id: 'dev3', n: 3, title: "Dev list 3 (held out): scikit-image's 6 sample photos", folder: 'dev-images-3', montage: 'montage-dev3.png' },
] as const;
export type DevListId = (typeof DEV_LISTS)[number]['id'];

/** One dev list's run: every method's scores and seconds on its pairs, and its montage. */
export interface DevListResult {
  list: DevListId;
  /** Which photos, for headings: DEV_LISTS' title. */
  title: string;
  /** Repository-relative folder of the pairs (in smoke runs, a synthetic set in the output folder). */
  dir: string;
  synthetic: boolean;
  scores: Scores;
  /** Degradation → method → seconds for all pairs. */
  seconds: Record<string, Record<string, number>>;
  /** File name of the montage in the output folder. */
  montage: string;
}

/** The shape of report.json's `quality`: dev list 1 at the top level, as before dev list 2 existed. */
export interface QualityLists extends Omit<DevListResult, 'list' | 'title'> {
  /** Dev list 2; absent in a report.json from before it was measured. */
  dev2?: DevListResult;
  /** Dev list 3, held out; absent in a report.json from before it existed. */
  dev3?: DevListResult;
}

/** Every dev list a quality result holds, dev list 1 first; an old report.json gives only that one. */
export function devLists(q: QualityLists | undefined): DevListResult[] {
  if (!q) return [];
  const first: DevListResult = {
    list: 'dev',
    title: DEV_LISTS[0].title,
    dir: q.dir,
    synthetic: q.synthetic,
    scores: q.scores,
    seconds: q.seconds,
    montage: q.montage,
  };
  return [first, ...(q.dev2 ? [q.dev2] : []), ...(q.dev3 ? [q.dev3] : [])];
}

/** "dev list 1" / "dev list 2": the prefix of target rows. */
export const listName = (id: DevListId) => `dev list ${DEV_LISTS.find((l) => l.id === id)!.n}`;
