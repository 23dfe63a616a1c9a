// Where one photo's output goes: next to it or in the chosen folder (mirroring the subfolders of a
// folder that was added recursively), named by the template. A name another photo of the same batch
// already claimed, or any input's name, gets -2, -3...: outputs never replace an original.
import { dirname, extname, join } from 'node:path';
import { renderOutputName } from './naming-template.ts';

export interface OutputPlanOptions {
  outputDir: string | null;
  relativeDir: string;
  template: string;
  scale: number;
  format: string;
}

/** A path's identity here: macOS and Windows file systems ignore case (by default), Linux does not. */
export const pathKey = (path: string) => (process.platform === 'win32' || process.platform === 'darwin' ? path.toLowerCase() : path);

/** Output names are compared without case on every platform, so a batch plans the same names anywhere. */
export const nameKey = (path: string) => path.toLowerCase();

export function planOutput(input: string, options: OutputPlanOptions, isTaken: (path: string) => boolean): string {
  const folder = options.outputDir ? join(options.outputDir, options.relativeDir) : dirname(input);
  const name = renderOutputName(options.template, input, options);
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  let output = join(folder, name);
  for (let n = 2; isTaken(output); n++) output = join(folder, `${stem}-${n}${extension}`);
  return output;
}

/** planOutput for a check that has to look into files (is the file there one DVAR wrote?). */
export async function planOutputChecked(input: string, options: OutputPlanOptions, isTaken: (path: string) => Promise<boolean>): Promise<string> {
  const folder = options.outputDir ? join(options.outputDir, options.relativeDir) : dirname(input);
  const name = renderOutputName(options.template, input, options);
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  let output = join(folder, name);
  for (let n = 2; await isTaken(output); n++) output = join(folder, `${stem}-${n}${extension}`);
  return output;
}
