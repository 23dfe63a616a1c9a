// The byte layouts of a ZIP archive (PKWARE APPNOTE 6.3.x) that zip-stream.ts writes: a local header
// before each file's bytes, a data descriptor after them (the CRC-32 and size are known only once the
// bytes have gone), a central directory entry per file, and the end records. Only what DVAR needs:
// stored entries (results are PNG, JPEG, WebP or TIFF, compressed already), UTF-8 names, one disk.
//
// Limits: a plain ZIP field holds sizes and offsets below 4 GiB (0xFFFFFFFF) and counts below 65535
// (0xFFFF). A value at or past its limit is written as the marker 0xFFFFFFFF / 0xFFFF, and the real
// value goes into a ZIP64 record: per file, an extra field (sizes, offset); for the whole archive, the
// ZIP64 end of central directory record and its locator. Values stay exact up to 2^53 bytes (JavaScript
// numbers), far past any disk. Everything below the limits is plain ZIP, which every unzip reads.

/** The largest values a plain ZIP field holds; tests lower them to exercise ZIP64 on small files. */
export interface ZipLimits {
  /** Sizes and offsets at or above this go into ZIP64 records (0xFFFFFFFF). */
  bytes: number;
  /** An entry count at or above this goes into the ZIP64 end record (0xFFFF). */
  entries: number;
}

export const ZIP_LIMITS: ZipLimits = { bytes: 0xffffffff, entries: 0xffff };

/** Bit 3: CRC-32 and sizes follow the data (data descriptor); bit 11: the name is UTF-8. */
const FLAGS = 0x0008 | 0x0800;
const STORED = 0;
const VERSION_PLAIN = 20; // 2.0: what a stored file with a data descriptor needs
const VERSION_ZIP64 = 45; // 4.5: ZIP64 records
/** "Made by" UNIX (3), so the external attributes carry a file mode: rw-r--r--, a regular file. */
const MADE_BY_UNIX = 3 << 8;
const REGULAR_FILE_MODE = 0o100644;
const ZIP64_EXTRA = 0x0001;

/** One file as the central directory describes it. */
export interface CentralEntry {
  name: Buffer;
  modified: Date;
  crc: number;
  size: number;
  /** Where its local header starts. */
  offset: number;
  /** Its local header carries a ZIP64 extra field, and its data descriptor 8-byte sizes. */
  zip64Local: boolean;
}

/** MS-DOS time and date (local time, 2-second steps), clamped to the years the format holds (1980–2107). */
export function dosDateTime(when: Date): { time: number; date: number } {
  const year = when.getFullYear();
  if (Number.isNaN(year) || year < 1980) return { time: 0, date: (1 << 5) | 1 }; // 1980-01-01 00:00
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (when.getHours() << 11) | (when.getMinutes() << 5) | Math.floor(when.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate(),
  };
}

/** The header before a file's bytes. Its CRC-32 and sizes are zero: the data descriptor has them. */
export function localHeader(name: Buffer, modified: Date, zip64: boolean): Buffer {
  // A ZIP64 local header holds both sizes in its extra field (zero here, as the 32-bit fields are).
  const extra = zip64 ? zip64Extra([0, 0]) : Buffer.alloc(0);
  const header = Buffer.alloc(30);
  const { time, date } = dosDateTime(modified);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_PLAIN, 4);
  header.writeUInt16LE(FLAGS, 6);
  header.writeUInt16LE(STORED, 8);
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  header.writeUInt32LE(0, 14); // CRC-32: in the data descriptor
  header.writeUInt32LE(zip64 ? 0xffffffff : 0, 18);
  header.writeUInt32LE(zip64 ? 0xffffffff : 0, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, name, extra]);
}

/** After a file's bytes: its CRC-32 and size (stored: compressed and uncompressed are the same). */
export function dataDescriptor(crc: number, size: number, zip64: boolean): Buffer {
  const record = Buffer.alloc(zip64 ? 24 : 16);
  record.writeUInt32LE(0x08074b50, 0);
  record.writeUInt32LE(crc, 4);
  if (zip64) {
    record.writeBigUInt64LE(BigInt(size), 8);
    record.writeBigUInt64LE(BigInt(size), 16);
  } else {
    record.writeUInt32LE(size, 8);
    record.writeUInt32LE(size, 12);
  }
  return record;
}

/** The file's entry in the central directory; sizes and offset past the limit move to a ZIP64 extra field. */
export function centralEntry(entry: CentralEntry, limits: ZipLimits = ZIP_LIMITS): Buffer {
  // A file whose local header went ZIP64 keeps its sizes in ZIP64 here too, so both agree.
  const bigSize = entry.size >= limits.bytes || entry.zip64Local;
  const bigOffset = entry.offset >= limits.bytes;
  // The field order is fixed: uncompressed size, compressed size, offset; each only when its field is the marker.
  const wide = [...(bigSize ? [entry.size, entry.size] : []), ...(bigOffset ? [entry.offset] : [])];
  const extra = wide.length ? zip64Extra(wide) : Buffer.alloc(0);
  const version = wide.length ? VERSION_ZIP64 : VERSION_PLAIN;
  const { time, date } = dosDateTime(entry.modified);
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(MADE_BY_UNIX | version, 4);
  header.writeUInt16LE(version, 6);
  header.writeUInt16LE(FLAGS, 8);
  header.writeUInt16LE(STORED, 10);
  header.writeUInt16LE(time, 12);
  header.writeUInt16LE(date, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(bigSize ? 0xffffffff : entry.size, 20);
  header.writeUInt32LE(bigSize ? 0xffffffff : entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  header.writeUInt16LE(0, 32); // comment length
  header.writeUInt16LE(0, 34); // disk number
  header.writeUInt16LE(0, 36); // internal attributes
  header.writeUInt32LE(REGULAR_FILE_MODE * 0x10000, 38); // external attributes: the mode in the high 16 bits
  header.writeUInt32LE(bigOffset ? 0xffffffff : entry.offset, 42);
  return Buffer.concat([header, entry.name, extra]);
}

/**
 * The end of the archive, after the central directory (`directorySize` bytes from `directoryOffset`):
 * the ZIP64 end record and its locator when a count, size or offset is past its limit, then the plain end record.
 */
export function endRecords(count: number, directoryOffset: number, directorySize: number, limits: ZipLimits = ZIP_LIMITS): Buffer {
  const bigCount = count >= limits.entries;
  const bigSize = directorySize >= limits.bytes;
  const bigOffset = directoryOffset >= limits.bytes;
  const records: Buffer[] = [];
  if (bigCount || bigSize || bigOffset) {
    const zip64End = Buffer.alloc(56);
    zip64End.writeUInt32LE(0x06064b50, 0);
    zip64End.writeBigUInt64LE(44n, 4); // the size of the rest of this record
    zip64End.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
    zip64End.writeUInt16LE(VERSION_ZIP64, 14);
    zip64End.writeUInt32LE(0, 16); // this disk
    zip64End.writeUInt32LE(0, 20); // the disk the directory starts on
    zip64End.writeBigUInt64LE(BigInt(count), 24);
    zip64End.writeBigUInt64LE(BigInt(count), 32);
    zip64End.writeBigUInt64LE(BigInt(directorySize), 40);
    zip64End.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeUInt32LE(0, 4); // the disk with the ZIP64 end record
    locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
    locator.writeUInt32LE(1, 16); // disks in all
    records.push(zip64End, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(bigCount ? 0xffff : count, 8);
  end.writeUInt16LE(bigCount ? 0xffff : count, 10);
  end.writeUInt32LE(bigSize ? 0xffffffff : directorySize, 12);
  end.writeUInt32LE(bigOffset ? 0xffffffff : directoryOffset, 16);
  end.writeUInt16LE(0, 20); // comment length
  records.push(end);
  return Buffer.concat(records);
}

/** A ZIP64 extended information extra field holding these 8-byte values, in order. */
function zip64Extra(values: number[]): Buffer {
  const field = Buffer.alloc(4 + 8 * values.length);
  field.writeUInt16LE(ZIP64_EXTRA, 0);
  field.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, i) => field.writeBigUInt64LE(BigInt(value), 4 + 8 * i));
  return field;
}
