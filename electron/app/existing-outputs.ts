// What a batch does with a file already at an output's name, from two settings: "Skip photos already
// restored" (skip it) and, with that off, "Replace earlier DVAR results" (replace it when DVAR wrote it,
// image-files/output-marker.ts). Otherwise, the default, the new result gets a new name (-2, -3...):
// nothing that exists is ever overwritten unless the user chose to replace.
import type { Settings } from '../ipc/contract.ts';

export type ExistingOutputRule = 'skip' | 'replace-earlier' | 'new-name';

export function existingOutputRule(settings: Pick<Settings, 'skipExisting' | 'replaceEarlierResults'>): ExistingOutputRule {
  if (settings.skipExisting) return 'skip';
  return settings.replaceEarlierResults ? 'replace-earlier' : 'new-name';
}
