// Every output carries a marker in its XMP packet (PNG iTXt, JPEG APP1, WebP XMP chunk, TIFF tag 700:
// the one metadata block libvips writes in all four formats; TIFF has no EXIF block there). "Replace
// existing outputs" then means files DVAR Studio wrote: a photo that merely has an output's name (a
// shell glob, a hand-made job on a queue) has no marker and is never replaced unless the user says so.
import { lstat } from 'node:fs/promises';
import sharp from 'sharp';
import { DvarError } from '../engine/definitions.ts';

/** Our own namespace, so the marker never collides with a property the original's XMP already has. */
export const DVAR_XMP_NAMESPACE = 'https://dvar.studio/ns/output/1.0/';

const MARKER_DESCRIPTION = `<rdf:Description rdf:about="" xmlns:dvar="${DVAR_XMP_NAMESPACE}" dvar:writer="DVAR Studio"/>`;
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const FRESH_PACKET = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${RDF_NS}">${MARKER_DESCRIPTION}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** True when an XMP packet carries the marker. */
export function hasDvarMarker(xmp: Buffer | undefined): boolean {
  return xmp !== undefined && xmp.includes(DVAR_XMP_NAMESPACE, 0, 'utf8');
}

/**
 * The original's XMP with the marker added as one more rdf:Description (XMP allows several), or a
 * packet of the marker alone when the original has none or one we cannot extend.
 */
export function withDvarMarker(xmp: Buffer | undefined): Buffer {
  if (hasDvarMarker(xmp)) return xmp!;
  const text = xmp?.toString('utf8') ?? '';
  const end = text.lastIndexOf('</rdf:RDF>');
  if (end < 0) return Buffer.from(FRESH_PACKET, 'utf8');
  return Buffer.from(`${text.slice(0, end)}${MARKER_DESCRIPTION}${text.slice(end)}`, 'utf8');
}

/** Whether the file at `path` is an image DVAR Studio wrote (unreadable or not an image: no). */
export async function isDvarOutputFile(path: string): Promise<boolean> {
  try {
    const { xmp } = await sharp(path, { limitInputPixels: false }).metadata();
    return hasDvarMarker(xmp);
  } catch {
    return false;
  }
}

/**
 * Before replacing `path`: refuses when the file there is not a DVAR Studio output (a photo that only
 * has an output's name). Nothing there, or `anyFile` (the user named it), passes.
 */
export async function checkReplaceable(path: string, anyFile: boolean): Promise<void> {
  if (anyFile) return;
  const info = await lstat(path).catch(() => null);
  if (info === null) return;
  if (info.isDirectory()) {
    throw new DvarError('OUTPUT_UNWRITABLE', `${path} is a folder; choose another output name.`, { params: { path, refused: 'folder' } });
  }
  if (!info.isFile() || !(await isDvarOutputFile(path))) {
    throw new DvarError('OUTPUT_UNWRITABLE', `${path} exists and was not written by DVAR Studio, so it was not replaced.`, {
      params: { path, refused: 'not-ours' },
    });
  }
}
