// Writes a PNG row band by row band, so an image of any size can be written without holding it:
// every band is deflated on its own and ends on a byte boundary (a sync flush), and the pieces joined
// make one valid zlib stream across the IDAT chunks, closed by the Adler-32 of all the rows. Used for
// the intermediate file of streamed outputs (streamed-write.ts), which libvips then reads sequentially.
import { open, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { metadataChunks, pngChunk, type PngMetadata } from './png-metadata.ts';
import type { IntegerPixels } from './float-pixels.ts';

export interface PngStreamHeader {
  width: number;
  height: number;
  /** 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  bitDepth: 8 | 16;
}

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
const COLOUR_TYPE = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;
const ADLER_MOD = 65521;
const LITTLE_ENDIAN = endianness() === 'LE';
/** Most bytes summed before the Adler-32 sums must be reduced (zlib's NMAX). */
const ADLER_RUN = 5552;

/** Running Adler-32 (zlib's checksum of the uncompressed data). */
class Adler32 {
  private a = 1;
  private b = 0;
  update(bytes: Uint8Array): void {
    let { a, b } = this;
    for (let start = 0; start < bytes.length; start += ADLER_RUN) {
      const end = Math.min(bytes.length, start + ADLER_RUN);
      for (let i = start; i < end; i++) {
        a += bytes[i]!;
        b += a;
      }
      a %= ADLER_MOD;
      b %= ADLER_MOD;
    }
    this.a = a;
    this.b = b;
  }
  get value(): number {
    return ((this.b << 16) | this.a) >>> 0;
  }
}

export class PngStreamWriter {
  private rowsWritten = 0;
  private readonly adler = new Adler32();

  private constructor(
    private readonly handle: FileHandle,
    readonly header: PngStreamHeader,
    private readonly level: number,
  ) {}

  /** Creates `path` (never an existing file) and writes the signature, IHDR and the metadata chunks. */
  static async create(path: string, header: PngStreamHeader, meta: PngMetadata = {}, level = 1): Promise<PngStreamWriter> {
    const handle = await open(path, 'wx');
    const writer = new PngStreamWriter(handle, header, level);
    try {
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(header.width, 0);
      ihdr.writeUInt32BE(header.height, 4);
      ihdr.writeUInt8(header.bitDepth, 8);
      ihdr.writeUInt8(COLOUR_TYPE[header.channels], 9); // compression, filter and interlace stay 0
      await handle.write(Buffer.concat([SIGNATURE, pngChunk('IHDR', ihdr), ...metadataChunks(meta)]));
    } catch (error) {
      await handle.close();
      throw error;
    }
    return writer;
  }

  get rowsLeft(): number {
    return this.header.height - this.rowsWritten;
  }

  /** Appends whole rows of interleaved samples (native 16-bit order; PNG's big-endian is done here). */
  async writeRows(samples: IntegerPixels): Promise<void> {
    const { width, channels, bitDepth } = this.header;
    const perRow = width * channels;
    const rows = samples.length / perRow;
    if (!Number.isInteger(rows) || rows > this.rowsLeft) throw new RangeError(`Bad band of ${samples.length} samples for ${this.rowsLeft} rows of ${perRow}.`);
    const rowBytes = 1 + perRow * (bitDepth / 8);
    const raw = Buffer.alloc(rows * rowBytes); // filter byte 0 (none) leads every row
    const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    const sampleBytes = perRow * (bitDepth / 8);
    for (let r = 0; r < rows; r++) {
      const at = r * rowBytes + 1;
      bytes.copy(raw, at, r * sampleBytes, (r + 1) * sampleBytes);
      // PNG stores 16-bit samples big-endian; the typed array holds them in the host's order.
      if (bitDepth === 16 && LITTLE_ENDIAN) raw.subarray(at, at + sampleBytes).swap16();
    }
    this.adler.update(raw);
    await this.idat(deflateRawSync(raw, { level: this.level, finishFlush: constants.Z_SYNC_FLUSH }), this.rowsWritten === 0);
    this.rowsWritten += rows;
  }

  /** Closes the zlib stream and the file after the last row; flushed to disk. */
  async finish(): Promise<void> {
    if (this.rowsLeft !== 0) throw new RangeError(`The PNG still misses ${this.rowsLeft} rows.`);
    const adler = Buffer.alloc(4);
    adler.writeUInt32BE(this.adler.value, 0);
    await this.idat(Buffer.concat([deflateRawSync(Buffer.alloc(0), { level: this.level }), adler]), false);
    await this.handle.write(pngChunk('IEND', Buffer.alloc(0)));
    await this.handle.sync();
    await this.handle.close();
  }

  /** Closes the file without finishing it (the caller removes it). */
  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }

  private async idat(deflated: Buffer, first: boolean): Promise<void> {
    // The zlib header (deflate, 32 KiB window, no dictionary) opens the first IDAT.
    const body = first ? Buffer.concat([Buffer.from([0x78, 0x01]), deflated]) : deflated;
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write('IDAT', 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body, crc32('IDAT')), 0);
    await this.handle.writev([head, body, crc]);
  }
}
