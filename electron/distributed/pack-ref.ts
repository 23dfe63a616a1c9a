// `--pack` for a queued job. The submitter decides what the value means (a folder here, else a bundled
// pack's name, as the local CLI does) but the folder must be found on the worker: bundled packs are
// sent by name and resolved in each worker's own installation, other packs as absolute shared paths.
import { bundledPackDir, packChoice } from '../engine/definitions.ts';
import { DvarError } from '../engine/definitions.ts';
import type { PackRef } from './restore-job.ts';

/** Submitter side: what `--pack VALUE` (undefined: the default pack) refers to. */
export function packRefFor(value: string | undefined, cwd: string = process.cwd()): PackRef {
  return value === undefined ? { bundled: 'default' } : packChoice(value, cwd);
}

/** Worker side: the pack folder on this machine. */
export function packDirFor(ref: PackRef, defaultPackDir?: string): string {
  if ('folder' in ref) return ref.folder;
  const dir = bundledPackDir(ref.bundled, defaultPackDir);
  if (dir) return dir;
  throw new DvarError('PACK_MISSING', `This worker has no bundled pack named ${ref.bundled}.`, { params: { name: ref.bundled } });
}
