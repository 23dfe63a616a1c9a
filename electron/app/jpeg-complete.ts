// A JPEG cut short (an interrupted copy or download) still has a valid header, so reading the header
// alone lists it as a photo that fails only when restored. A complete JPEG ends with the EOI marker
// (FF D9): checking the last two bytes settles almost every file at once. Files that end otherwise (a
// cut, or data some phones append after the image) get a reduced decode, which at 1/8 scale still reads
// every byte of the compressed image and fails where it ends early.
import { open } from 'node:fs/promises';
import sharp from 'sharp';

async function lastTwoBytes(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(2);
    const { bytesRead } = await handle.read(tail, 0, 2, Math.max(size - 2, 0));
    return tail.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Whether the JPEG at `path` holds its whole image (the same strictness as the reader's decode). */
export async function isCompleteJpeg(path: string): Promise<boolean> {
  const tail = await lastTwoBytes(path);
  if (tail[0] === 0xff && tail[1] === 0xd9) return true;
  try {
    await sharp(path, { failOn: 'error', limitInputPixels: false }).resize({ width: 64, height: 64, fit: 'inside' }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}
