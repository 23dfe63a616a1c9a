// The default pack's time per output MP over Real-ESRGAN x4plus's, size by size, from one speed run
// (same process, same input, same thread count): the target is ≤ 0.5 at 0.25, 1 and 4 MP.
import { X4PLUS_NAME } from '../peers/realesrgan-x4plus.ts';
import type { SpeedResult } from '../sections/speed.ts';
import { isPackUnderTest } from './speed-rows.ts';

export interface SpeedRatio {
  side: number;
  outputMP: number;
  dvar: number;
  x4plus: number;
  /** dvar / x4plus: below 1 is faster than x4plus. */
  ratio: number;
}

/** Sizes where both the default pack and x4plus were measured. */
export function x4plusRatios(speed: SpeedResult | undefined): SpeedRatio[] {
  const cells = speed?.cells ?? [];
  return cells
    .filter((c) => isPackUnderTest(c) && c.secondsPerMP)
    .flatMap((d) => {
      const x = cells.find((c) => c.method === X4PLUS_NAME && c.side === d.side && c.secondsPerMP);
      return x ? [{ side: d.side, outputMP: d.outputMP, dvar: d.secondsPerMP!, x4plus: x.secondsPerMP!, ratio: d.secondsPerMP! / x.secondsPerMP! }] : [];
    });
}
