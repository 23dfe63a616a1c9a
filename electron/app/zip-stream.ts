// A ZIP archive written as a stream of buffers, for "Download all": each file is opened when its turn
// comes, its bytes pass straight through (stored: results are compressed images already) while their
// CRC-32 is computed, and only the central directory (under a hundred bytes per file) is kept until the
// end, so a batch of any size never sits in memory. The record layouts and the ZIP64 limits are in
// zip-records.ts. The consumer sets the pace: nothing is read before the previous buffer was taken.
import { crc32 } from 'node:zlib';
import { centralEntry, dataDescriptor, endRecords, localHeader, ZIP_LIMITS, type CentralEntry, type ZipLimits } from './zip-records.ts';

/** An opened file to store. */
export interface ZipFile {
  size: number;
  modified: Date;
  /** Its bytes, no more than `size` of them. */
  chunks: AsyncIterable<Uint8Array>;
  /** Releases the file, whether or not its bytes were read (the archive may stop half-way). */
  close(): Promise<void>;
}

export interface ZipSource {
  /** The entry's name: relative, '/'-separated, unique in the archive even ignoring case. */
  name: string;
  /** Opens the file when its turn comes; null leaves it out (gone, or no longer what it was). */
  open(): Promise<ZipFile | null>;
}

export interface ZipStreamOptions {
  limits?: ZipLimits;
  /** Told of each file left out because `open` answered null. */
  onLeftOut?(name: string): void;
}

/** The archive of `sources`, in their order. Throws on a name that is unsafe or taken (a caller's mistake). */
export async function* zipStream(sources: Iterable<ZipSource> | AsyncIterable<ZipSource>, options: ZipStreamOptions = {}): AsyncGenerator<Buffer> {
  const limits = options.limits ?? ZIP_LIMITS;
  const entries: CentralEntry[] = [];
  const taken = new Set<string>();
  let offset = 0;
  for await (const source of sources) {
    checkName(source.name, taken);
    const file = await source.open();
    if (!file) {
      options.onLeftOut?.(source.name);
      continue;
    }
    try {
      const name = Buffer.from(source.name, 'utf8');
      // The size is known before the bytes, so a file past the limit gets its ZIP64 header up front.
      const entry: CentralEntry = { name, modified: file.modified, crc: 0, size: 0, offset, zip64Local: file.size >= limits.bytes };
      const header = localHeader(name, file.modified, entry.zip64Local);
      offset += header.length;
      yield header;
      for await (const chunk of file.chunks) {
        entry.size += chunk.length;
        if (entry.size > file.size) throw new Error(`${source.name} grew while it was being stored.`);
        entry.crc = crc32(chunk, entry.crc);
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
      const descriptor = dataDescriptor(entry.crc, entry.size, entry.zip64Local);
      offset += entry.size + descriptor.length;
      yield descriptor;
      entries.push(entry);
    } finally {
      await file.close();
    }
  }
  const directoryOffset = offset;
  let directorySize = 0;
  for (const entry of entries) {
    const record = centralEntry(entry, limits);
    directorySize += record.length;
    yield record;
  }
  yield endRecords(entries.length, directoryOffset, directorySize, limits);
}

/** A name unzip would write outside its folder, or a second file at the same name, is refused. */
function checkName(name: string, taken: Set<string>): void {
  const parts = name.split('/');
  if (!name || name.includes('\\') || name.includes('\0') || parts.some((part) => part === '' || part === '.' || part === '..') || /^[A-Za-z]:/.test(name)) {
    throw new Error(`"${name}" is not a safe name inside a zip archive.`);
  }
  const key = name.toLowerCase();
  if (taken.has(key)) throw new Error(`Two files would be named "${name}" inside the zip archive.`);
  taken.add(key);
}
