// "Auto": a look chosen for each photo from what it suffers from (photo-assessment.ts). A noisy or
// blocky photo gets a look that reduces noise and keeps less of the model's invented detail, a clean soft
// one the sharpened look, anything else the pack's own output. The thresholds were fitted on dev lists
// 1–2 (the largest gain in SSIM-Y over a fixed mix of looks at the same BRISQUE) and checked on the
// held-out list 3, where Auto scores exactly as well as such a fixed mix: a convenience for folders of
// mixed photos, not a quality gain (bench/auto-look.ts, bench/results/auto-look.md).
import type { PhotoAssessment } from './photo-assessment.ts';

/** The looks a photographer picks from: the Restore and Batch views' presets (renderer/src/restore/presets.ts). */
export const LOOKS = [
  { name: 'Natural', detail: 0.5, denoise: 0.3 },
  { name: 'Balanced', detail: 0.75, denoise: 0.15 },
  { name: 'Detailed', detail: 1, denoise: 0 },
  { name: 'Crisp', detail: 1.5, denoise: 0 },
] as const;

export type Look = (typeof LOOKS)[number];
export type LookName = Look['name'];

/** Where one look gives way to the next; see chooseLook. */
export interface AutoLookRule {
  /** Noise σ (8-bit levels) from which a photo gets Natural, and from which Balanced (Infinity: never). */
  natural: number;
  balanced: number;
  /** JPEG blocking (1 = none) from which a photo gets at least Balanced. */
  blocky: number;
  /** Fineness below which a clean photo gets Crisp. */
  soft: number;
}

export const AUTO_LOOK_RULE: AutoLookRule = { natural: Number.POSITIVE_INFINITY, balanced: 0.54, blocky: 2, soft: 0.47 };

export function lookNamed(name: LookName): Look {
  return LOOKS.find((l) => l.name === name)!;
}

/** The look for a photo, and the reason in a few words (shown where the choice is shown). */
export function chooseLook(a: PhotoAssessment, rule: AutoLookRule = AUTO_LOOK_RULE): { look: Look; why: string } {
  const noise = `noise ${a.noise.toFixed(1)} levels`;
  if (a.noise >= rule.natural) return { look: lookNamed('Natural'), why: noise };
  if (a.noise >= rule.balanced) return { look: lookNamed('Balanced'), why: noise };
  if (a.blocking >= rule.blocky) return { look: lookNamed('Balanced'), why: `JPEG blocking ${a.blocking.toFixed(2)}` };
  if (a.fineness < rule.soft) return { look: lookNamed('Crisp'), why: `clean and soft (fineness ${a.fineness.toFixed(2)})` };
  return { look: lookNamed('Detailed'), why: 'clean' };
}
