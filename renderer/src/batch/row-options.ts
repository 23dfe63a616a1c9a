// A queued photo's own options over the batch options, as the host applies them (electron/app/queue-rows.ts
// optionsOf, which the renderer may not import; test/renderer/row-options.test.ts keeps the two alike),
// and the look and size choices of a row.
import type { RestoreSettings } from '../../../electron/ipc/contract.ts';
import { PRESETS, presetOf } from '../restore/presets.ts';

export type Own = Partial<RestoreSettings>;

export function rowOptions(batch: RestoreSettings, own: Own | null | undefined): RestoreSettings {
  const mine = own ?? {};
  const merged: RestoreSettings = { ...batch };
  if (mine.scale !== undefined || mine.longEdge !== undefined || mine.megapixels !== undefined || mine.print !== undefined) {
    delete merged.longEdge;
    delete merged.megapixels;
    delete merged.print;
  }
  return { ...merged, ...mine };
}

/** The row's look choice: 'batch' (none of its own), 'Auto' or a preset's name. */
export function ownLook(own: Own | null | undefined): string {
  if (!own || (own.detail === undefined && own.denoise === undefined && own.autoLook === undefined)) return 'batch';
  if (own.autoLook) return 'Auto';
  return presetOf(own)?.name ?? 'batch';
}

/** `own` with the look `choice` (see ownLook); null when nothing of its own is left. */
export function withOwnLook(own: Own | null | undefined, choice: string): Own | null {
  const { detail: _d, denoise: _n, autoLook: _a, ...rest } = own ?? {};
  const preset = PRESETS.find((p) => p.name === choice);
  const look: Own = choice === 'Auto' ? { autoLook: true } : preset ? { detail: preset.detail, denoise: preset.denoise, autoLook: false } : {};
  const next = { ...rest, ...look };
  return Object.keys(next).length > 0 ? next : null;
}

/** `own` with the factor `choice` ('batch', '2', '3' or '4'); null when nothing of its own is left. */
export function withOwnScale(own: Own | null | undefined, choice: string): Own | null {
  const { scale: _s, longEdge: _l, megapixels: _m, print: _p, ...rest } = own ?? {};
  const next: Own = choice === 'batch' ? rest : { ...rest, scale: Number(choice) as 2 | 3 | 4 };
  return Object.keys(next).length > 0 ? next : null;
}
