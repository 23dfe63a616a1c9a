// What the time is going to right now, in plain words. A scale event arrives when a scale is done, so
// the work under way is the step after it: in a pack with a restorer that step is, after each tile's
// first scale, the restorer (restore-group.ts runs it there), which takes most of a restore's time;
// then the model refines the tile scale by scale; after the last scale the tile is decoded and blended.
import type { ScaleEvent } from '../engine/definitions.ts';

export function stageWords(event: Pick<ScaleEvent, 'scale' | 'scales'>, restorer: boolean): string {
  if (event.scale === 1 && restorer) return 'restoring detail';
  if (event.scale < event.scales) return `refining, scale ${event.scale + 1} of ${event.scales}`;
  return 'assembling the image';
}
