// The desktop app's "Download all" (`results:save-zip`): the zip of the queue's finished results
// (results-archive.ts) written where the user chose in a save dialog (the host's `saveFile` hook, which
// only the Electron main process has). It is written to a temp file beside the target and renamed into
// place when complete, so a full disk or a crash never leaves half an archive under the chosen name.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { publishAtomically, syncFile } from '../image-files/index.ts';
import type { ResponseOf } from '../ipc/contract.ts';
import { HostError } from './host-error.ts';
import { archiveFileName, resultsArchive } from './results-archive.ts';

export interface SaveResultsDeps {
  /** The finished results (results-archive.ts finishedResults, only what the host may serve) and the output folder. */
  results(): { paths: string[]; outputDir: string | null };
  /** Photos and results the host knows: the zip never replaces one of them. */
  canServe(path: string): boolean;
  /** The save dialog: the full path chosen, or null when the user cancelled. */
  chooseFile?(suggestedName: string): Promise<string | null>;
  log(level: 'info' | 'warn', message: string): void;
}

export async function saveResultsArchive(deps: SaveResultsDeps): Promise<ResponseOf<'results:save-zip'>> {
  if (!deps.chooseFile)
    throw new HostError('UNSUPPORTED', 'Saving the results as one zip with a dialog needs the desktop app; in a browser, Download all downloads it.');
  const { paths, outputDir } = deps.results();
  if (paths.length === 0) throw new HostError('NOT_FOUND', 'No photo in the queue has a finished result yet.');
  const target = await deps.chooseFile(archiveFileName());
  if (!target) return { path: null, files: 0, leftOut: [] };
  if (deps.canServe(target)) throw new HostError('NOT_ALLOWED', `${target} is one of your photos or results; choose another name for the zip.`);
  const leftOut: string[] = [];
  const archive = resultsArchive(paths, outputDir, { onLeftOut: (path) => leftOut.push(path) });
  await publishAtomically(
    target,
    async (temp) => {
      await pipeline(Readable.from(archive), createWriteStream(temp, { flags: 'wx' }));
      await syncFile(temp);
    },
    true, // the dialog asked before replacing a file of that name
  );
  for (const path of leftOut) deps.log('warn', `${path} was left out of ${target}: it is no longer a photo file.`);
  deps.log('info', `Saved ${paths.length - leftOut.length} result(s) in ${target}.`);
  return { path: target, files: paths.length - leftOut.length, leftOut };
}
