// What a photo will cost, said before it starts: its output size and the time expected from this
// machine's remembered speed (or the pack's typical one until there is one), and plainly when that is
// a long wait, with what makes the output smaller and what makes the job shorter.
import type { Size } from '../jobs/index.ts';
import { typicalMsPerInputMP } from './typical-speed.ts';

/** Above this, a photo gets the long-job sentence before it starts. */
export const LONG_JOB_MS = 10 * 60_000;

export interface PackFacts {
  name: string;
  version: string;
  upscale: number;
  /** Whether the pack runs a restoration branch (stage-words.ts). */
  restorer: boolean;
}

export type Expected = { kind: 'measured'; ms: number } | { kind: 'typical'; lowMs: number; highMs: number } | { kind: 'unknown' };

export function expectedTime(input: Size, pack: PackFacts, rememberedMsPerInputMP: number | null): Expected {
  const inputMP = (input.width * input.height) / 1e6;
  if (rememberedMsPerInputMP !== null) return { kind: 'measured', ms: rememberedMsPerInputMP * inputMP };
  const typical = typicalMsPerInputMP(pack.name, pack.upscale);
  return typical ? { kind: 'typical', lowMs: typical.low * inputMP, highMs: typical.high * inputMP } : { kind: 'unknown' };
}

/** The whole photo's time to start the ETA from, before the photo's own progress can say. */
export function expectedMs(expected: Expected): number | null {
  if (expected.kind === 'measured') return expected.ms;
  return expected.kind === 'typical' ? (expected.lowMs + expected.highMs) / 2 : null;
}

/** "40 s", "27 min", "1 h 20 min": an estimate, so no seconds beyond the first minute. */
export function roughDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

export function formatMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return `${mp >= 10 ? Math.round(mp) : mp >= 0.1 ? mp.toFixed(1) : mp.toFixed(2)} MP`;
}

function timeWords(expected: Expected): string {
  if (expected.kind === 'measured') return `about ${roughDuration(expected.ms)} at this machine's speed`;
  if (expected.kind === 'unknown') return 'time unknown until this pack has restored a photo here';
  const low = roughDuration(expected.lowMs);
  const high = roughDuration(expected.highMs);
  const range = low === high ? low : `${low.replace(/ (s|min)$/, (unit) => (high.endsWith(unit) ? '' : unit))}–${high}`;
  return `about ${range} (typical of 2 cores; dvar learns this machine's speed from its first photo)`;
}

/** "4000×3000 → 16000×12000 (192 MP), about 27 min at this machine's speed". */
export function startWords(input: Size, output: Size, expected: Expected): string {
  return `${input.width}×${input.height} → ${output.width}×${output.height} (${formatMegapixels(output.width * output.height)}), ${timeWords(expected)}`;
}

/** The sentence for a photo expected to take longer than LONG_JOB_MS; null for a shorter one. */
export function longJobWords(expected: Expected, pack: PackFacts): string | null {
  const ms = expected.kind === 'measured' ? expected.ms : expected.kind === 'typical' ? expected.highMs : 0;
  if (ms <= LONG_JOB_MS) return null;
  const quicker = [pack.name === 'fast' ? null : '--pack fast (restores less)', 'a smaller copy of the photo'].filter(Boolean).join(' or ');
  return (
    `This photo takes over ${roughDuration(LONG_JOB_MS)}. For a smaller output: --long-edge PX or --scale 2 ` +
    `(not quicker: the model always works at ×${pack.upscale}, then resamples); for a quicker job: ${quicker}.`
  );
}
