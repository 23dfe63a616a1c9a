// The photo the Files view's welcome offers to try: one small real photo shipped with the app
// (samples/, made by scripts/make-sample-photo.ts, credited in docs/photo-credits.md). It is opened
// from a copy in the data folder, never where it ships: a result is written beside its photo unless an
// output folder is set, and an installed app's own folder is read-only (an AppImage, /opt, Program
// Files) or inside app.asar, which only Node's patched fs can read and the photo decoders cannot.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomically } from '../image-files/index.ts';
import { HostError } from './host-error.ts';
import { makePrivateDirAsync, PRIVATE_FILE_MODE } from './private-files.ts';

/** The sample's file under `samples/` in the checkout and in the packaged app. */
export const SAMPLE_PHOTO_FILE = 'sample-dandelions.jpg';

/** `<repo>/samples/…`: two folders up, from source and from the dist/electron bundles alike. */
export const SAMPLE_PHOTO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples', SAMPLE_PHOTO_FILE);

/**
 * The path of the sample's copy in `<userDataDir>/sample/`, written when it is missing or differs from
 * the shipped one (a newer app ships another sample; the copy was edited). Throws NOT_FOUND when this
 * installation has no sample.
 */
export async function sampleCopy(shipped: string, userDataDir: string): Promise<string> {
  if (!existsSync(shipped))
    throw new HostError('NOT_FOUND', `The sample photo is missing from this installation (${shipped}); open one of your own photos instead.`);
  const bytes = readFileSync(shipped);
  const folder = join(userDataDir, 'sample');
  const copy = join(folder, basename(shipped));
  if (existsSync(copy) && readFileSync(copy).equals(bytes)) return copy;
  await makePrivateDirAsync(folder);
  // Written beside and renamed (removed on failure), so a photo half-copied (a crash, a full disk) is never opened.
  await writeFileAtomically(copy, bytes, { overwrite: true, writeTemp: (temp, data) => writeFile(temp, data, { mode: PRIVATE_FILE_MODE, flag: 'wx' }) });
  return copy;
}
