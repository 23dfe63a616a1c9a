// What a worker will write, whatever a (signed) job says: only a file named the way DVAR names outputs
// of that job's photo (`<photo name>-dvar-x<scale>[-N].<format>`), in a folder under the output root
// the worker was started with (symlinks resolved, so a link inside the root cannot point out of it).
// Replacing an existing file is further limited to DVAR's own outputs (image-files/output-marker.ts).
import { realpath } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { DvarError } from '../engine/definitions.ts';
import { isInsideFolder, outputName } from '../jobs/index.ts';
import type { RestoreJobData } from './restore-job.ts';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when `name` is the output name of `input` at this scale and format, or that name with -2, -3... */
export function isDerivedOutputName(name: string, data: Pick<RestoreJobData, 'input' | 'scale' | 'format'>): boolean {
  const expected = outputName(data.input, data.scale, data.format);
  const dot = expected.lastIndexOf('.');
  const pattern = new RegExp(`^${escapeRegExp(expected.slice(0, dot))}(-[2-9]|-[1-9]\\d+)?${escapeRegExp(expected.slice(dot))}$`, 'i');
  return pattern.test(name);
}

/** Throws one sentence when the job's output is not a name this worker derives, or not under `outputRoot`. */
export async function checkJobOutput(data: RestoreJobData, outputRoot: string): Promise<void> {
  const name = basename(data.output);
  if (!isDerivedOutputName(name, data)) {
    throw new DvarError(
      'OUTPUT_UNWRITABLE',
      `This job asks for the output ${name}, which is not a DVAR output name for ${basename(data.input)}, so it was refused.`,
    );
  }
  const root = await realpath(outputRoot);
  const folder = await realpath(dirname(data.output)).catch(() => null);
  if (folder === null || !isInsideFolder(root, folder, { orSame: true })) {
    throw new DvarError(
      'OUTPUT_UNWRITABLE',
      `This job's output folder ${dirname(data.output)} is outside this worker's output root ${outputRoot}, so it was refused.`,
    );
  }
}
