// A restore's options in a few words, as queue rows and the Restore view name them:
// "×4 · Natural · PNG", "long edge 3000 px · detail 80 %, denoise 10 % · JPEG 90",
// "print 30×20 cm at 300 DPI · Natural · TIFF".
import type { AutoLookChoice, RestoreSettings } from '../../../electron/ipc/contract.ts';
import { presetOf } from './presets.ts';

export function sizeWords(s: RestoreSettings): string {
  if (s.longEdge !== undefined) return `long edge ${s.longEdge} px`;
  if (s.megapixels !== undefined) return `${s.megapixels} MP`;
  if (s.print !== undefined) return `print ${s.print.width}×${s.print.height} ${s.print.unit} at ${s.print.dpi} DPI`;
  return `×${s.scale}`;
}

/** `chosen`: what Auto chose for the photo, once it has ("Auto: Natural, noise 7.2 levels"). */
export function lookWords(s: Pick<RestoreSettings, 'detail' | 'denoise' | 'autoLook'>, chosen: AutoLookChoice | null = null): string {
  if (s.autoLook) return chosen ? `Auto: ${chosen.name}, ${chosen.why}` : 'Auto';
  const preset = presetOf(s);
  if (preset) return preset.name;
  return `detail ${Math.round((s.detail ?? 1) * 100)} %, denoise ${Math.round((s.denoise ?? 0) * 100)} %`;
}

export function formatWords(s: RestoreSettings): string {
  const lossy = s.format === 'jpg' || s.format === 'webp';
  return `${s.format === 'jpg' ? 'JPEG' : s.format.toUpperCase()}${lossy ? ` ${s.quality}` : ''}`;
}

export function optionsWords(s: RestoreSettings, chosen: AutoLookChoice | null = null): string {
  return `${sizeWords(s)} · ${lookWords(s, chosen)} · ${formatWords(s)}`;
}

/** Equal values; an object (the print size) field by field. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].every((key) => x[key] === y[key]);
}

/** Whether two option sets restore alike (a missing detail or denoise is the pack's own output). */
export function sameOptions(a: RestoreSettings, b: RestoreSettings): boolean {
  const norm = (s: RestoreSettings): Record<string, unknown> => ({ ...s, detail: s.detail ?? 1, denoise: s.denoise ?? 0, autoLook: s.autoLook ?? false });
  const [x, y] = [norm(a), norm(b)];
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].every((key) => sameValue(x[key], y[key]));
}
