// Fixture photos written with sharp at test time: small JPEGs and PNGs that carry EXIF and an ICC
// profile (so the test can check both survive), and one file that only pretends to be a JPEG.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export const FIXTURE_COPYRIGHT = 'DVAR e2e fixture';

/** A smooth gradient with a few bars, so halves of a photo and of its output look different. */
function pattern(width: number, height: number, seed: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const bar = Math.floor((x + seed * 7) / 12) % 2 === 0 ? 40 : 0;
      data[i] = Math.min(255, Math.round((255 * x) / width) + bar);
      data[i + 1] = Math.round((255 * y) / height);
      data[i + 2] = (seed * 53 + bar * 2) % 256;
    }
  }
  return data;
}

export interface PhotoSpec {
  name: string;
  width: number;
  height: number;
}

/** Writes each photo (format from its extension) with Display P3 ICC and an EXIF copyright. */
export async function writePhotos(dir: string, specs: PhotoSpec[]): Promise<string[]> {
  return Promise.all(
    specs.map(async ({ name, width, height }, index) => {
      const path = join(dir, name);
      await sharp(pattern(width, height, index + 1), { raw: { width, height, channels: 3 } })
        .withIccProfile('p3')
        .withExifMerge({ IFD0: { Copyright: FIXTURE_COPYRIGHT } })
        .toFile(path);
      return path;
    }),
  );
}

/** A JPEG signature followed by noise: listed by extension, rejected when decoded. */
export function writeCorruptPhoto(dir: string, name = 'broken.jpg'): string {
  const path = join(dir, name);
  const bytes = Buffer.alloc(2048);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  writeFileSync(path, bytes);
  return path;
}
