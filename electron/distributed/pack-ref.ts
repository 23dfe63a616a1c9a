// `--pack` for a queued job. The submitter decides what the value means (a folder here, else a bundled
// pack's name, as the local CLI does) but the folder must be found on the worker: bundled packs are
// sent by name and resolved in each worker's own installation, other packs as absolute shared paths.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUNDLED_PACK_NAMES, bundledPackDir, isBarePackName } from '../engine/bundled-packs.ts';
import { DvarError } from '../engine/errors.ts';
import type { PackRef } from './restore-job.ts';

/** Submitter side: what `--pack VALUE` (undefined: the default pack) refers to. */
export function packRefFor(value: string | undefined, cwd: string = process.cwd()): PackRef {
  if (value === undefined) return { bundled: 'default' };
  const folder = resolve(cwd, value);
  if (!isBarePackName(value) || statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return { folder };
  if ((BUNDLED_PACK_NAMES as readonly string[]).includes(value)) return { bundled: value };
  throw new DvarError('PACK_MISSING', `--pack ${value} is neither a folder here nor a bundled pack; pass a model pack folder or one of ${BUNDLED_PACK_NAMES.join(', ')}.`);
}

/** Worker side: the pack folder on this machine. */
export function packDirFor(ref: PackRef, defaultPackDir?: string): string {
  if ('folder' in ref) return ref.folder;
  const dir = bundledPackDir(ref.bundled, defaultPackDir);
  if (dir) return dir;
  throw new DvarError('PACK_MISSING', `This worker has no bundled pack named ${ref.bundled}; install it here or submit with --pack FOLDER on the shared storage.`);
}
