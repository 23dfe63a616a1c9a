// The output's size as a photographer asks for it: a factor (×2, ×3, ×4), a long edge in pixels, a
// pixel count in megapixels, or a print to fill (print-size.ts). The model always runs at its pack's
// factor; the result is then resampled to exactly this size (resample-output.ts), so a long edge of 3000
// gives a long side of 3000 pixels.
import { DvarError } from '../engine/definitions.ts';
import { printScale, printTooLarge, type PrintSize } from './print-size.ts';

export interface OutputTarget {
  /** Used when no longEdge, megapixels or print is given. */
  scale: number;
  /** Pixels of the output's longer side. */
  longEdge?: number;
  /** Millions of output pixels; the aspect ratio is kept. */
  megapixels?: number;
  /** The print the output should cover at its DPI; the aspect ratio is kept. */
  print?: PrintSize;
}

export interface Size {
  width: number;
  height: number;
}

/** The factor from the input's size to the target (what the output naming and limits see). */
export function targetScale(input: Size, target: OutputTarget): number {
  const given = [target.longEdge, target.megapixels, target.print].filter((size) => size !== undefined).length;
  if (given > 1) throw new DvarError('USAGE', 'Give the output size one way only: as a long edge, as megapixels or as a print size.');
  if (target.longEdge !== undefined) {
    if (!(Number.isInteger(target.longEdge) && target.longEdge >= 1)) throw new DvarError('USAGE', 'The long edge must be a whole number of pixels.');
    return target.longEdge / Math.max(input.width, input.height);
  }
  if (target.megapixels !== undefined) {
    if (!(target.megapixels > 0)) throw new DvarError('USAGE', 'The output size in megapixels must be greater than 0.');
    return Math.sqrt((target.megapixels * 1e6) / (input.width * input.height));
  }
  if (target.print !== undefined) return printScale(input, target.print);
  return target.scale;
}

/**
 * The output size for an input; the long edge is met exactly (the other side rounds). A target the
 * pack cannot reach (more than `upscale` × the input) is refused with one sentence naming the limit.
 */
export function outputSize(input: Size, target: OutputTarget, upscale: number): Size {
  const scale = targetScale(input, target);
  if (scale > upscale + 1e-9) {
    if (target.print !== undefined) throw printTooLarge(input, target.print, upscale);
    const most = `${input.width * upscale}×${input.height * upscale}`;
    throw new DvarError('INPUT_INVALID', `This photo can be restored to at most ${most} pixels (×${upscale}); choose a smaller output size.`);
  }
  if (target.longEdge !== undefined) {
    const landscape = input.width >= input.height;
    const other = Math.max(1, Math.round((landscape ? input.height : input.width) * scale));
    return landscape ? { width: target.longEdge, height: other } : { width: other, height: target.longEdge };
  }
  return { width: Math.max(1, Math.round(input.width * scale)), height: Math.max(1, Math.round(input.height * scale)) };
}
