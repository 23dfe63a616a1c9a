// `--print WxH UNIT[@DPI]`: the output size as a print to fill, e.g. `30x20cm@300`, `10x8in`, `297x210mm@240`
// (× works for x, spaces are allowed; DPI 300 when left out). Each mistake is one sentence saying the form.
import { DvarError } from '../engine/definitions.ts';
import { DEFAULT_PRINT_DPI, PRINT_UNITS, type PrintSize, type PrintUnit } from '../jobs/index.ts';

/** The limits the app's settings take too (ipc/contract.ts printSize). */
const PRINT_LIMITS = { side: 10000, minDpi: 10, maxDpi: 4800 } as const;

const FORM = /^(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*(?:@\s*(\S+))?$/i;

const usage = (message: string) => new DvarError('USAGE', message);

export function parsePrintOption(text: string): PrintSize {
  const m = FORM.exec(text.trim());
  if (!m) throw usage(`--print must be WIDTHxHEIGHT with cm, mm or in and an optional @DPI, like 30x20cm@300, not "${text}".`);
  const unit = m[3]!.toLowerCase();
  if (!(PRINT_UNITS as readonly string[]).includes(unit)) throw usage(`--print takes sizes in cm, mm or in, not "${m[3]}".`);
  const [width, height] = [Number(m[1]), Number(m[2])];
  if (!(width > 0 && height > 0 && width <= PRINT_LIMITS.side && height <= PRINT_LIMITS.side)) {
    throw usage(`--print needs a width and height above 0 and at most ${PRINT_LIMITS.side}, not "${text}".`);
  }
  const dpi = m[4] === undefined ? DEFAULT_PRINT_DPI : /^\d+$/.test(m[4]) ? Number(m[4]) : NaN;
  if (!(Number.isSafeInteger(dpi) && dpi >= PRINT_LIMITS.minDpi && dpi <= PRINT_LIMITS.maxDpi)) {
    throw usage(`The DPI after @ in --print must be a whole number from ${PRINT_LIMITS.minDpi} to ${PRINT_LIMITS.maxDpi}, not "${m[4]}".`);
  }
  return { width, height, unit: unit as PrintUnit, dpi };
}
