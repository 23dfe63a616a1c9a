// Where each output goes: `photo.jpg` → `photo-dvar-x4.png` next to it, or inside `-o DIR`
// (mirroring subfolders of a recursive folder input). The suffix names the scale so ×2 and ×4
// results of the same photo can sit side by side, and so folder scans can skip earlier outputs.
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { DvarError } from '../engine/definitions.ts';
import type { OutputFormat } from '../image-files/index.ts';
import type { InputFile } from './collect-inputs.ts';

export interface FileTask {
  input: string;
  output: string;
}

const OUTPUT_NAME = /-dvar-x\d+(-\d+)?\.(png|jpg|webp|tiff)$/i;

/** True for names this tool produces, e.g. `photo-dvar-x4.png` or `photo-dvar-x2-2.jpg`. */
export function isDvarOutputName(name: string): boolean {
  return OUTPUT_NAME.test(name);
}

/** `photo.jpg`, scale 4, png → `photo-dvar-x4.png`. */
export function outputName(inputPath: string, scale: number, format: OutputFormat): string {
  const name = basename(inputPath);
  const stem = name.slice(0, name.length - extname(name).length) || name;
  return `${stem}-dvar-x${scale}.${format}`;
}

/**
 * One task per input. Two inputs that would share an output (`photo.jpg` and `photo.png`, or the
 * same name in two folders with `-o`) get `-2`, `-3`... so no run ever writes one file twice.
 * Case-insensitive, because macOS and Windows file systems are.
 */
export function planOutputs(inputs: InputFile[], options: { outputDir?: string; scale: number; format: OutputFormat }): FileTask[] {
  const taken = new Set<string>();
  return inputs.map(({ path, relativeDir }) => {
    const folder = options.outputDir ? join(options.outputDir, relativeDir) : dirname(path);
    const name = outputName(path, options.scale, options.format);
    let output = join(folder, name);
    for (let n = 2; taken.has(output.toLowerCase()); n++) {
      output = join(folder, name.replace(/(\.[a-z]+)$/, `-${n}$1`));
    }
    taken.add(output.toLowerCase());
    return { input: path, output };
  });
}

/** Creates `-o DIR` (and mirrored subfolders) up front, so a bad folder fails before any restoring. */
export async function createOutputFolders(tasks: FileTask[]): Promise<void> {
  for (const folder of new Set(tasks.map((t) => dirname(t.output)))) {
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'part of that path is a file, not a folder' : (code ?? String(error));
      throw new DvarError('OUTPUT_UNWRITABLE', `Cannot create the output folder ${folder} (${why}); choose another folder.`, { cause: error });
    }
  }
}
