// An animated GIF or WebP, a multi-page TIFF or a HEIF holding several images decodes to its first
// frame only: DVAR restores one still. The CLI and the app say so in the same words instead of
// quietly dropping the rest.

/** The warning for a photo of `frames` frames (sharp's Metadata.pages), or null for a single still. */
export function onlyFirstFrameWarning(path: string, format: string | undefined, frames: number | undefined): string | null {
  if (frames === undefined || frames <= 1) return null;
  if (format === 'tiff') return `${path} has ${frames} pages; only the first page is restored.`;
  if (format === 'heif') return `${path} holds ${frames} images; only the first image is restored.`;
  return `${path} is an animation of ${frames} frames; only the first frame is restored.`;
}
