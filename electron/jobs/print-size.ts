// An output size as a print: the paper's width × height in cm, mm or inches at a resolution in dots per
// inch. The output is the smallest size with the photo's own aspect ratio that covers the whole print at
// that resolution, the photo's long side along the print's long side: a photo of the print's shape fills
// it exactly, one of another shape overhangs it on one side (the printer crops that). The resolution is
// then written into the file (image-files' `density`), so print dialogs show the print's size.
import { DvarError } from '../engine/definitions.ts';

export type PrintUnit = 'cm' | 'mm' | 'in';
export const PRINT_UNITS: readonly PrintUnit[] = ['cm', 'mm', 'in'];

/** The usual resolution of photo prints, when none is given. */
export const DEFAULT_PRINT_DPI = 300;

export interface PrintSize {
  /** The paper's sides in `unit`; which one is the width does not matter (the photo's orientation rules). */
  width: number;
  height: number;
  unit: PrintUnit;
  /** Dots (output pixels) per inch. */
  dpi: number;
}

const MM_PER_UNIT: Record<PrintUnit, number> = { cm: 10, mm: 1, in: 25.4 };
const MM_PER_INCH = 25.4;

/** The print's sides in pixels at its resolution, the longer first. */
export function printPixels(print: PrintSize): { long: number; short: number } {
  const pixels = (side: number) => Math.max(1, Math.round(((side * MM_PER_UNIT[print.unit]) / MM_PER_INCH) * print.dpi));
  const [a, b] = [pixels(print.width), pixels(print.height)];
  return { long: Math.max(a, b), short: Math.min(a, b) };
}

/** The factor from the photo to the smallest size that covers the print (see the top of this file). */
export function printScale(input: { width: number; height: number }, print: PrintSize): number {
  const { long, short } = printPixels(print);
  return Math.max(long / Math.max(input.width, input.height), short / Math.min(input.width, input.height));
}

/** "30×20 cm at 300 DPI". */
export function printWords(print: PrintSize): string {
  return `${print.width}×${print.height} ${print.unit} at ${print.dpi} DPI`;
}

/** The sentence for a print larger than the pack's factor can fill, with the resolution that factor gives. */
export function printTooLarge(input: { width: number; height: number }, print: PrintSize, upscale: number): DvarError {
  const { long, short } = printPixels(print);
  const needs = input.width >= input.height ? `${long}×${short}` : `${short}×${long}`;
  const dpi = Math.floor((print.dpi * upscale) / printScale(input, print));
  const most = `${input.width * upscale}×${input.height * upscale}`;
  return new DvarError(
    'INPUT_INVALID',
    `Printing ${printWords(print)} needs ${needs} pixels, more than ×${upscale} of this photo (${most}); at ×${upscale} it fills that print at ${dpi} DPI.`,
    { params: { upscale, dpi } },
  );
}
