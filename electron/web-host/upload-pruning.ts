// Old browser uploads go away on their own. Every start of the web host gets its own upload folder
// (`<dataDir>/uploads/<YYYY-MM-DD>-<hex>/`, uploads.ts), and nothing else ever removed them, so a host
// left in use for months kept a copy of every photo ever sent. What is removed is only what a page sent
// (the copies, named in the folder's ledger as they were placed): results restored beside them stay, and
// a folder goes only once nothing else is left in it. A folder without a ledger (from before it existed)
// is never touched: there, uploads and results cannot be told apart. The photos themselves still live on
// the machine they were sent from. The names uploads.ts gives its folders and temporary files are made
// here, beside the patterns that recognise them, so the two cannot drift apart.
import { randomBytes } from 'node:crypto';
import { appendFile, readFile, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../app/private-files.ts';

/** Names the upload folder placed, one per line: the only files pruning may delete. */
export const UPLOAD_LEDGER = '.uploaded';
/** How long an upload folder's copies are kept after the day its host started. */
export const UPLOAD_RETENTION_DAYS = 30;

/** The names uploadSessionName() gives: the day the folder's host started, then a random part. */
const SESSION_FOLDER = /^(\d{4}-\d{2}-\d{2})-[0-9a-f]+$/;
/** The temporary names partialUploadName() gives, which pruning may remove too. */
const PARTIAL_UPLOAD = /^\.upload-[0-9a-f]+\.part$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The name of a new upload folder (one per start of the web host, uploads.ts), one SESSION_FOLDER dates. */
export function uploadSessionName(now = new Date()): string {
  return `${now.toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`;
}

/** A fresh temporary name for a transfer in progress (uploads.ts), one PARTIAL_UPLOAD recognises. */
export function partialUploadName(): string {
  return `.upload-${randomBytes(8).toString('hex')}.part`;
}

/** Records that `name` in `folder` is an uploaded copy (uploads.ts calls it after placing one). */
export async function recordUpload(folder: string, name: string): Promise<void> {
  await appendFile(join(folder, UPLOAD_LEDGER), `${name}\n`, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
}

export interface PruneReport {
  /** Uploaded copies deleted. */
  removedFiles: number;
  /** Session folders deleted because nothing else was left in them. */
  removedFolders: number;
}

/**
 * Deletes the uploaded copies of session folders under `uploadsRoot` that started more than
 * `retentionDays` before `now`, except `keep` (this start's own folder). Never throws for a folder it
 * cannot read or a file already gone; other errors (permissions) propagate to the caller's log.
 */
export async function pruneOldUploads(uploadsRoot: string, keep: string, now = new Date(), retentionDays = UPLOAD_RETENTION_DAYS): Promise<PruneReport> {
  const report: PruneReport = { removedFiles: 0, removedFolders: 0 };
  let sessions: string[];
  try {
    sessions = await readdir(uploadsRoot);
  } catch {
    return report; // no uploads yet
  }
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  for (const session of sessions) {
    const dir = join(uploadsRoot, session);
    const day = SESSION_FOLDER.exec(session)?.[1];
    if (!day || dir === keep || !(Date.parse(`${day}T00:00:00Z`) + DAY_MS <= cutoff)) continue;
    let ledger: string;
    try {
      ledger = await readFile(join(dir, UPLOAD_LEDGER), 'utf8');
    } catch {
      continue; // no ledger: leave the folder as it is
    }
    for (const name of new Set(ledger.split('\n').filter(Boolean))) {
      // A ledger line is a name the folder placed itself; anything with a separator is not one of them.
      if (name.includes('/') || name.includes('\\') || name === UPLOAD_LEDGER) continue;
      try {
        await rm(join(dir, name));
        report.removedFiles++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    // A transfer cut off mid-way (the host stopped) leaves its temporary file: also only ours.
    for (const name of await readdir(dir)) {
      if (PARTIAL_UPLOAD.test(name)) await rm(join(dir, name), { force: true });
    }
    await rm(join(dir, UPLOAD_LEDGER), { force: true });
    if ((await readdir(dir)).length === 0) {
      await rmdir(dir);
      report.removedFolders++;
    }
  }
  return report;
}
