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
  const name = template
    .replaceAll('{name}', stem)
    .replaceAll('{scale}', String(options.scale))
    .replaceAll('{format}', options.format)
    .replaceAll('{date}', isoDate(now));
  return name.toLowerCase().endsWith(`.${options.format}`) ? name : `${name}.${options.format}`;
}

/** What is said where no photo is chosen yet: where results go and how they are named. */
export function anyDestinationWords(options: RestoreSettings, outputDir: string | null, template: string): string {
  const where = outputDir ? `in ${outputDir} (the output folder of Settings)` : 'next to each photo';
  return `Results are saved ${where}, named like ${plannedName(template, 'IMG_0042.jpg', options)}.`;
}

export const UPLOAD_FOLDER_WORDS = 'DVAR Studio’s folder for uploaded photos, on the computer that runs it: Download takes the result away';

export function destinationOf(input: string, options: RestoreSettings, outputDir: string | null, template: string, uploaded: boolean): Destination {
  const name = plannedName(template, input, options);
  if (outputDir) return { name, folder: outputDir, why: 'the output folder of Settings' };
  return { name, folder: dirName(input), why: uploaded ? UPLOAD_FOLDER_WORDS : 'next to the photo' };
}
