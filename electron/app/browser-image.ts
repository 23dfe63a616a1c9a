// Photos on their way to a browser view (the web host's /image route, Electron's dvar-image: scheme):
// formats Chromium cannot show are converted to an oriented PNG; the rest are served as they are.
import { extname } from 'node:path';
import sharp from 'sharp';

const CONVERT_FOR_BROWSER = new Set(['.tif', '.tiff', '.heic', '.heif']);

export function needsBrowserConversion(file: string): boolean {
  return CONVERT_FOR_BROWSER.has(extname(file).toLowerCase());
}

export function toBrowserPng(file: string) {
  return sharp(file, { limitInputPixels: false }).rotate().png({ compressionLevel: 1 }).toBuffer();
}
