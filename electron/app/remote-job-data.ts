// Settings → one queued photo for the queue server's workers (distributed/restore-job.ts): the same
// options a run here takes (job-config.ts), with the pack named so a worker on another machine finds
// it: a bundled pack by name (each worker has its own installation), any other pack by its folder.
import { isBarePackName } from '../engine/definitions.ts';
import type { PackRef, RestoreJobData } from '../distributed/restore-job.ts';
import type { Settings } from '../ipc/contract.ts';
import { existingOutputRule } from './existing-outputs.ts';
import { fileJobOf } from './job-config.ts';

export function packRefOf(packDir: Settings['packDir']): PackRef {
  if (packDir === null) return { bundled: 'default' };
  return isBarePackName(packDir) ? { bundled: packDir } : { folder: packDir };
}

export function remoteJobDataOf(input: string, output: string, settings: Settings): RestoreJobData {
  const { region: _region, restore, ...job } = fileJobOf(input, output, settings.restore, settings, existingOutputRule(settings) === 'replace-earlier');
  // No previews: nobody sees a worker's tiles, and rendering them costs the worker a decoder run each.
  return { ...job, pack: packRefOf(settings.packDir), restore: { ...restore, previewMaxSide: 0 } };
}
