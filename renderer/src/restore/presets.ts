// Photographer presets of the Restore view: named points on the detail and denoise controls. "Detailed"
// is the pack's own output; "Natural" and "Balanced" keep less of the model's invented detail (closer to
// the photo); "Crisp" sharpens it (detail above 100 %, pipeline/detail-strength.ts).
import type { PrintSettings, RestoreSettings } from '../../../electron/ipc/contract.ts';

/** The detail slider's top, in percent: the engine's MAX_DETAIL (engine/detail-range.ts), which the renderer may not import. */
export const MAX_DETAIL_PERCENT = 150;

export interface Preset {
  name: 'Natural' | 'Balanced' | 'Detailed' | 'Crisp';
  detail: number;
  denoise: number;
  hint: string;
}

export const PRESETS: readonly Preset[] = [
  { name: 'Natural', detail: 0.5, denoise: 0.3, hint: 'Stays close to the photo: half of the model’s detail, light noise reduction.' },
  { name: 'Balanced', detail: 0.75, denoise: 0.15, hint: 'Most of the model’s detail with a little noise reduction.' },
  { name: 'Detailed', detail: 1, denoise: 0, hint: 'All the detail the model adds, no noise reduction.' },
  { name: 'Crisp', detail: 1.5, denoise: 0, hint: 'The model’s fine detail sharpened: crisper, less faithful; faint noise can show in smooth dark areas.' },
];

/** Auto: the look chosen for each photo from the photo itself (electron/jobs/auto-look.ts). */
export const AUTO_HINT =
  'Chosen for each photo from its noise, JPEG blocking and softness: less detail and some noise reduction for noisy or blocky photos, sharpened for clean soft ones.';

type Look = Pick<RestoreSettings, 'detail' | 'denoise' | 'autoLook'>;

/** Whether two settings restore with the same look: both Auto, or neither with equal detail and denoise (unset: the pack's output). */
export function sameLook(a: Look, b: Look): boolean {
  if ((a.autoLook ?? false) !== (b.autoLook ?? false)) return false;
  if (a.autoLook) return true;
  return Math.abs((a.detail ?? 1) - (b.detail ?? 1)) < 1e-6 && Math.abs((a.denoise ?? 0) - (b.denoise ?? 0)) < 1e-6;
}

/** The preset these settings match, or null when Auto chooses or the sliders were moved off every preset. */
export function presetOf(value: Look): Preset | null {
  return PRESETS.find((p) => sameLook(value, p)) ?? null;
}

export type SizeMode = 'scale' | 'longEdge' | 'megapixels' | 'print';

/** The print first offered: a common photo print at the usual 300 DPI. */
export const DEFAULT_PRINT: PrintSettings = { width: 30, height: 20, unit: 'cm', dpi: 300 };

export function sizeModeOf(value: RestoreSettings): SizeMode {
  if (value.longEdge !== undefined) return 'longEdge';
  if (value.megapixels !== undefined) return 'megapixels';
  return value.print !== undefined ? 'print' : 'scale';
}

/** Settings with the output size given one way only (the job refuses two at once). */
export function withSize(value: RestoreSettings, mode: SizeMode, amount?: number | PrintSettings): RestoreSettings {
  const { longEdge: _l, megapixels: _m, print: _p, ...rest } = value;
  if (mode === 'longEdge') return { ...rest, longEdge: Math.round(typeof amount === 'number' ? amount : 3000) };
  if (mode === 'megapixels') return { ...rest, megapixels: typeof amount === 'number' ? amount : 12 };
  if (mode === 'print') return { ...rest, print: typeof amount === 'object' ? amount : (value.print ?? DEFAULT_PRINT) };
  return rest;
}

/** Said where the scale is chosen: the model always restores at ×4, so a smaller factor saves no time. */
export const SCALE_COST = '×2 and ×3 take as long as ×4: the model always restores at ×4, then resizes.';

/** One look to try on a preview region: a preset, or the photographer's own options when they are none. */
export interface PresetTrial {
  name: Preset['name'] | 'Your settings' | 'Auto';
  settings: RestoreSettings;
}

/**
 * What "Try presets" restores on a region: every preset, after the options as set when they match
 * none; each at the chosen factor (a long edge, megapixels or a print size is the whole photo's size).
 */
export function presetTrials(value: RestoreSettings): PresetTrial[] {
  const atFactor = withSize(value, 'scale');
  const own: PresetTrial[] = value.autoLook ? [{ name: 'Auto', settings: atFactor }] : presetOf(value) ? [] : [{ name: 'Your settings', settings: atFactor }];
  return [...own, ...PRESETS.map((p) => ({ name: p.name, settings: { ...atFactor, detail: p.detail, denoise: p.denoise, autoLook: false } }))];
}
