// The reliability table for `dvar`'s inputs and packs: every bad photo or pack is refused with
// exit 1 and one sentence naming it, and every odd-but-valid photo is restored. Each row runs the real
// CLI as a child process and checks the exit status, the sentence, that the output folder holds only
// what it should (no stray output, no temp file), and that the original's bytes are unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir } from '../helpers/images.ts';
import { assertOneSentence, assertWholeImage, dvar, fingerprint, listing, noiseRgb, ourLines, sha256, TINY } from './cli-harness.ts';

const { dir, cleanup } = makeTempDir('reliability-cli-inputs');
test.after(cleanup);

let rowCount = 0;
/** A fresh input folder and output folder per row, so listings are exact. */
function rowFolders(): { work: string; out: string } {
  const row = join(dir, String(++rowCount));
  const work = join(row, 'in');
  const out = join(row, 'out');
  mkdirSync(work, { recursive: true });
  mkdirSync(out);
  return { work, out };
}

const raw = (width: number, height: number, channels: 1 | 2 | 3 | 4) => sharp(noiseRgb(width, height, channels), { raw: { width, height, channels } });

async function jpeg(path: string, width = 24, height = 16): Promise<string> {
  await raw(width, height, 3).jpeg().toFile(path);
  return path;
}

/** A PNG whose header declares `width`×`height` but whose file is a few hundred bytes. */
function pngHeaderOnly(path: string, width: number, height: number): string {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  writeFileSync(path, Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]));
  return path;
}

/** A copy of the tiny pack with `damage` applied to it. */
function damagedPack(work: string, damage: (pack: string) => void): string {
  const pack = join(work, 'pack');
  cpSync(TINY_PACK, pack, { recursive: true });
  damage(pack);
  return pack;
}

function editManifest(pack: string, edit: (text: string) => string): void {
  const file = join(pack, 'manifest.json');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

interface BadRow {
  name: string;
  /** Writes the row's photo into `work`; returns the path given to dvar. */
  input: (work: string) => Promise<string> | string;
  /** Builds the pack for the row (default: the tiny pack). */
  pack?: (work: string) => string;
  /** The one line dvar prints (with --quiet, its only line); a pattern where the wording is V8's. */
  line: (input: string, pack: string) => string | RegExp;
  /** Files the row must leave alone besides the input itself (a symlink's target). */
  alsoUnchanged?: string[];
}

const SYSTEM_FILE = '/etc/passwd';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const READABLE = 'JPEG, PNG, WebP, TIFF, GIF or AVIF';

const BAD_ROWS: BadRow[] = [
  {
    name: 'a zero-byte file',
    input: (w) => (writeFileSync(join(w, 'empty.jpg'), ''), join(w, 'empty.jpg')),
    line: (i) => `[1/1] ${i} is empty (0 bytes); it is not an image.`,
  },
  {
    name: 'random bytes named .jpg',
    input: (w) => (writeFileSync(join(w, 'noise.jpg'), noiseRgb(64, 64)), join(w, 'noise.jpg')),
    line: (i) => `[1/1] ${i} is not an image DVAR Studio can read (use ${READABLE}).`,
  },
  {
    name: 'a truncated JPEG',
    input: async (w) => {
      const path = await jpeg(join(w, 'cut.jpg'), 64, 48);
      truncateSync(path, readFileSync(path).length >> 1);
      return path;
    },
    line: (i) => `[1/1] ${i} is damaged or truncated and cannot be decoded.`,
  },
  {
    name: 'a text file named .png',
    input: (w) => (writeFileSync(join(w, 'letter.png'), 'Dear Sir, this is not a photo.\n'), join(w, 'letter.png')),
    line: (i) => `[1/1] ${i} is not an image DVAR Studio can read (use ${READABLE}).`,
  },
  {
    name: 'a decompression-bomb PNG (header says 50000×50000)',
    input: (w) => pngHeaderOnly(join(w, 'bomb.png'), 50000, 50000),
    line: (i) => `[1/1] ${i} is 50000×50000 (2500 MP); DVAR Studio accepts inputs up to 100 MP.`,
  },
  {
    name: `a symlink named .jpg to a system file (${SYSTEM_FILE})`,
    input: (w) => (symlinkSync(SYSTEM_FILE, join(w, 'passwd.jpg')), join(w, 'passwd.jpg')),
    line: (i) => `[1/1] ${i} is not an image DVAR Studio can read (use ${READABLE}).`,
    alsoUnchanged: [SYSTEM_FILE],
  },
  {
    name: 'a symlink named .jpg to an endless device (/dev/zero)',
    input: (w) => (symlinkSync('/dev/zero', join(w, 'zero.jpg')), join(w, 'zero.jpg')),
    line: (i) => `[1/1] ${i} is empty (0 bytes); it is not an image.`,
  },
  {
    name: 'a missing pack folder',
    input: (w) => jpeg(join(w, 'photo.jpg')),
    pack: (w) => join(w, 'no-such-pack'),
    line: (_i, p) =>
      `dvar: No model pack was found at ${p}; pass --pack with a model pack folder (one that holds manifest.json and its graphs) or a bundled pack's name (default, fast).`,
  },
  {
    name: 'a pack manifest that is not valid JSON',
    input: (w) => jpeg(join(w, 'photo.jpg')),
    pack: (w) => damagedPack(w, (p) => writeFileSync(join(p, 'manifest.json'), '{"format": "dvar-pack", ')),
    line: (_i, p) => new RegExp(`^dvar: Model pack manifest ${escape(join(p, 'manifest.json'))} is not valid JSON \\([^()]+\\)\\.$`),
  },
  {
    name: 'a pack manifest with a ../ graph path',
    input: (w) => jpeg(join(w, 'photo.jpg')),
    pack: (w) => damagedPack(w, (p) => editManifest(p, (t) => t.replace('"file": "encoder.onnx"', '"file": "../pack/encoder.onnx"'))),
    line: (_i, p) =>
      `dvar: Model pack manifest ${join(p, 'manifest.json')} is invalid: field "graphs.encoder.file" must be a relative path inside the pack folder.`,
  },
  {
    name: 'a pack manifest with an absolute graph path',
    input: (w) => jpeg(join(w, 'photo.jpg')),
    pack: (w) => damagedPack(w, (p) => editManifest(p, (t) => t.replace('"file": "encoder.onnx"', `"file": "${SYSTEM_FILE}"`))),
    line: (_i, p) =>
      `dvar: Model pack manifest ${join(p, 'manifest.json')} is invalid: field "graphs.encoder.file" must be a relative path inside the pack folder.`,
    alsoUnchanged: [SYSTEM_FILE],
  },
  {
    name: 'a truncated graph (its sha256 no longer matches)',
    input: (w) => jpeg(join(w, 'photo.jpg')),
    pack: (w) => damagedPack(w, (p) => truncateSync(join(p, 'decoder.onnx'), 50_000)),
    line: (_i, p) => `dvar: Model pack ${p} is damaged: graph "decoder" file decoder.onnx does not match field "graphs.decoder.sha256" of manifest.json.`,
  },
  {
    name: 'a truncated graph whose manifest hash was updated to match (onnxruntime refuses it)',
    input: (w) => jpeg(join(w, 'photo.jpg')),
    pack: (w) =>
      damagedPack(w, (p) => {
        const before = sha256(join(p, 'decoder.onnx'));
        truncateSync(join(p, 'decoder.onnx'), 50_000);
        editManifest(p, (t) => t.replace(before, sha256(join(p, 'decoder.onnx'))));
      }),
    line: (_i, p) =>
      `dvar: Model pack graph decoder.onnx could not be opened by onnxruntime (cpu: Load model from ${join(p, 'decoder.onnx')} failed:Protobuf parsing failed.).`,
  },
];

for (const row of BAD_ROWS) {
  test(`refused: ${row.name} → exit 1, one sentence, nothing written, original unchanged`, async () => {
    const { work, out } = rowFolders();
    const input = await row.input(work);
    const pack = row.pack?.(work) ?? TINY_PACK;
    const before = listing(work);
    const hash = fingerprint(input);
    const others = (row.alsoUnchanged ?? []).map((f) => [f, sha256(f)] as const);

    const r = await dvar(['--pack', pack, '--threads', '2', '--quiet', '-o', out, input]);

    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '', 'nothing on stdout');
    const expected = row.line(input, pack);
    const lines = ourLines(r.stderr);
    assert.equal(lines.length, 1, r.stderr);
    if (typeof expected === 'string') assert.equal(lines[0], expected);
    else assert.match(lines[0]!, expected);
    assertOneSentence(lines[0]!);
    assert.deepEqual(listing(out), [], 'no output and no temp file in the output folder');
    assert.deepEqual(listing(work), before, 'nothing new beside the input');
    assert.equal(fingerprint(input), hash, 'the original is unchanged');
    for (const [file, h] of others) assert.equal(sha256(file), h, `${file} is unchanged`);
  });
}

interface GoodRow {
  name: string;
  /** Writes the photo into `work`; returns its path. */
  input: (work: string) => Promise<string>;
  /** The output's size (×4 of the upright input). */
  size: [number, number];
  /** What else the output keeps: sharp's metadata fields. */
  meta?: Partial<Record<'depth' | 'channels' | 'space' | 'hasAlpha', unknown>>;
}

const GOOD_ROWS: GoodRow[] = [
  { name: 'a 1×1 pixel PNG', input: async (w) => (await raw(1, 1, 3).png().toFile(join(w, 'dot.png')), join(w, 'dot.png')), size: [4, 4] },
  {
    name: 'a 3×10000 strip',
    input: async (w) => (await raw(3, 10000, 3).png().toFile(join(w, 'strip.png')), join(w, 'strip.png')),
    size: [12, 40000],
  },
  {
    name: 'a 16-bit PNG (kept 16-bit)',
    input: async (w) => (await raw(20, 12, 3).toColourspace('rgb16').png().toFile(join(w, 'deep.png')), join(w, 'deep.png')),
    size: [80, 48],
    meta: { depth: 'ushort' },
  },
  {
    name: 'a gray+alpha PNG (kept gray+alpha)',
    input: async (w) => (await raw(20, 12, 2).toColourspace('b-w').png().toFile(join(w, 'gray-alpha.png')), join(w, 'gray-alpha.png')),
    size: [80, 48],
    meta: { channels: 2, hasAlpha: true, space: 'b-w' },
  },
  {
    name: 'a CMYK JPEG (converted to sRGB)',
    input: async (w) => (await raw(20, 12, 3).toColourspace('cmyk').jpeg().toFile(join(w, 'cmyk.jpg')), join(w, 'cmyk.jpg')),
    size: [80, 48],
    meta: { space: 'srgb', channels: 3 },
  },
  {
    name: 'an EXIF-rotated JPEG (orientation 6: output upright)',
    input: async (w) => (await raw(20, 12, 3).jpeg().withMetadata({ orientation: 6 }).toFile(join(w, 'rotated.jpg')), join(w, 'rotated.jpg')),
    size: [48, 80],
  },
  {
    name: 'an animated GIF (first frame)',
    input: async (w) => {
      await sharp(noiseRgb(20, 36, 3), { raw: { width: 20, height: 36, channels: 3, pageHeight: 12 } })
        .gif()
        .toFile(join(w, 'anim.gif'));
      assert.equal((await sharp(join(w, 'anim.gif')).metadata()).pages, 3, 'the fixture has three frames');
      return join(w, 'anim.gif');
    },
    size: [80, 48],
  },
  { name: 'an AVIF', input: async (w) => (await raw(20, 12, 3).avif().toFile(join(w, 'photo.avif')), join(w, 'photo.avif')), size: [80, 48] },
  {
    name: 'a unicode path (Cyrillic, CJK, a space and a check mark)',
    input: async (w) => {
      mkdirSync(join(w, 'Фото 写真'));
      return jpeg(join(w, 'Фото 写真', 'снимок ✓.jpg'), 20, 12);
    },
    size: [80, 48],
  },
];

for (const row of GOOD_ROWS) {
  test(`restored: ${row.name} → exit 0, one line per result, only the output written, original unchanged`, async () => {
    const { work, out } = rowFolders();
    const input = await row.input(work);
    const before = listing(dirname(input));
    const hash = fingerprint(input);
    const output = join(out, basename(input).replace(/\.[a-z]+$/, '-dvar-x4.png'));

    const r = await dvar([...TINY, '-o', out, input]);

    assert.equal(r.code, 0, r.stderr);
    const results = ourLines(r.stdout);
    assert.equal(results.length, 1, r.stdout);
    assert.ok(results[0]!.startsWith(`[1/1] ${input} → ${output} in `), results[0]);
    assert.match(results[0]!, / in [\d.]+ s \([\d.]+ s per input MP\)$/);
    assert.match(ourLines(r.stderr).at(-1)!, /^Done: 1 restored in [\d.]+ s\.$/);
    assert.deepEqual(listing(out), [basename(output)], 'the output and nothing else (no temp file)');
    await assertWholeImage(output, ...row.size);
    if (row.meta) {
      const meta = await sharp(output).metadata();
      for (const [key, value] of Object.entries(row.meta)) assert.equal(meta[key as keyof typeof meta], value, `output ${key}`);
    }
    assert.deepEqual(listing(dirname(input)), before, 'nothing new beside the input');
    assert.equal(fingerprint(input), hash, 'the original is unchanged');
  });
}
