// The photo formats the app opens, with their MIME types: one list for folder scans, file dialogs and
// the image servers of both hosts.
import { extname } from 'node:path';

export const PHOTO_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
};

export function isPhotoName(name: string): boolean {
  return Object.hasOwn(PHOTO_TYPES, extname(name).toLowerCase());
}
