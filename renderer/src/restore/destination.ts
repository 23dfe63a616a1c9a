// Where a whole-photo restore will write, said before it starts: the name from the naming template (the
// host's electron/app/naming-template.ts rules) and the folder: Settings' output folder, or the photo's
// own folder. A photo uploaded from the browser lives in the host's upload folder, which nobody browses:
// that is said, with how to take the result away.
import type { RestoreSettings } from '../../../electron/ipc/contract.ts';
import { baseName, dirName } from '../lib/format.ts';

export interface Destination {
  name: string;
  folder: string;
  /** Words for the folder: "next to the photo", "the output folder of Settings", the upload folder. */
  why: string;
}

function isoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function plannedName(template: string, input: string, options: Pick<RestoreSettings, 'scale' | 'format'>, now = new Date()): string {
  const file = baseName(input);
  const dot = file.lastIndexOf('.');
  const stem = dot > 0 ? file.slice(0, dot) : file;
  const name = template.replaceAll('{name}', stem).replaceAll('{scale}', String(options.scale)).replaceAll('{format}', options.format).replaceAll('{date}', isoDate(now));
  return name.toLowerCase().endsWith(`.${options.format}`) ? name : `${name}.${options.format}`;
}

export function destinationOf(input: string, options: RestoreSettings, outputDir: string | null, template: string, uploaded: boolean): Destination {
  const name = plannedName(template, input, options);
  if (outputDir) return { name, folder: outputDir, why: 'the output folder of Settings' };
  return { name, folder: dirName(input), why: uploaded ? 'DVAR Studio’s folder for uploaded photos, on the computer that runs it: Download takes the result away' : 'next to the photo' };
}
