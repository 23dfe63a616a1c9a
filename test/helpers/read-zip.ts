// Reads a zip archive back with tools that did not write it: Python's zipfile (every entry read in
// full, so each CRC-32 is checked, and each entry's bytes hashed) and Info-ZIP's `unzip -t` where it is
// installed. What the zip tests compare with the files on disk.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.ts';

export interface ZipEntryRead {
  name: string;
  size: number;
  compressedSize: number;
  /** zipfile's compress_type: 0 is stored. */
  method: number;
  crc: number;
  sha256: string;
  dateTime: number[];
  /** The entry's ZIP64 extra field (0x0001) is there in the central directory. */
  zip64: boolean;
}

const VENV_PYTHON = join(REPO_ROOT, '.venv', 'bin', 'python');

/** The Python that reads zips here, or null (the tests that need it skip). */
export const PYTHON: string | null = existsSync(VENV_PYTHON) ? VENV_PYTHON : spawnSync('python3', ['--version']).status === 0 ? 'python3' : null;

export const UNZIP: string | null = spawnSync('unzip', ['-v']).status === 0 ? 'unzip' : null;

const READER = `
import hashlib, json, struct, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive:
    bad = archive.testzip()
    entries = []
    for info in archive.infolist():
        data = archive.read(info)
        extra, zip64 = info.extra, False
        while len(extra) >= 4:
            kind, size = struct.unpack('<HH', extra[:4])
            zip64 = zip64 or kind == 1
            extra = extra[4 + size:]
        entries.append({'name': info.filename, 'size': info.file_size, 'compressedSize': info.compress_size,
                        'method': info.compress_type, 'crc': info.CRC, 'sha256': hashlib.sha256(data).hexdigest(),
                        'dateTime': list(info.date_time), 'zip64': zip64})
print(json.dumps({'bad': bad, 'entries': entries}))
`;

/** Every entry as Python's zipfile reads it; throws when an entry's CRC-32 does not match its bytes. */
export function readZip(path: string): ZipEntryRead[] {
  if (!PYTHON) throw new Error('No Python to read the zip with.');
  const { bad, entries } = JSON.parse(execFileSync(PYTHON, ['-c', READER, path], { encoding: 'utf8' })) as { bad: string | null; entries: ZipEntryRead[] };
  if (bad !== null) throw new Error(`zipfile: the CRC-32 of ${bad} does not match its bytes.`);
  return entries;
}

/** `unzip -t`'s verdict (it checks every CRC-32); null when unzip is not installed. */
export function unzipTest(path: string): { ok: boolean; output: string } | null {
  if (!UNZIP) return null;
  const run = spawnSync(UNZIP, ['-t', path], { encoding: 'utf8' });
  return { ok: run.status === 0 && /No errors detected/.test(run.stdout), output: `${run.stdout}${run.stderr}` };
}
