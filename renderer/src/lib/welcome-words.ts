// What the first-launch welcome says to expect: how big a result comes out and how long a photo takes.
// Times come from this computer's remembered speed (the queue state's msPerInputMP, learnt from every
// photo restored in the app); before the first photo there is none, and the welcome says so instead of
// quoting another computer's speed, which can be several times off.
import { plannedPhotoMs } from './progress-words.ts';

interface Size {
  width: number;
  height: number;
}

/** The bundled packs' own factor: ×2 and ×3 are the ×4 result resampled. */
const UPSCALE = 4;
/** "A typical photo" of the welcome: one megapixel of input, 16 of output. */
const TYPICAL_INPUT_PIXELS = 1e6;

/** "40 s", "3 min", "1 h 20 min": an estimate, so no seconds past the first minute. */
export function roughDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

/** The output size: "…the sample's 480×270 becomes 1920×1080, and a 1-megapixel photo 16 megapixels." */
export function outputWords(sample: Size | null): string {
  const typical = `a 1-megapixel photo ${sample ? '' : 'becomes '}${UPSCALE * UPSCALE} megapixels`;
  const example = sample
    ? `the sample’s ${sample.width}×${sample.height} becomes ${sample.width * UPSCALE}×${sample.height * UPSCALE}, and ${typical}`
    : typical;
  return `Each photo comes out ${UPSCALE} times as wide and as tall (×2 and ×3 are options): ${example}.`;
}

/**
 * How long the sample and a typical 1-megapixel photo take on `where` ("this computer"), from its
 * remembered speed in ms per input megapixel; without one, that the first photo measures it.
 */
export function timeWords(msPerInputMP: number | null | undefined, sample: Size | null, where: string): string {
  const typical = plannedPhotoMs(msPerInputMP, 1000, TYPICAL_INPUT_PIXELS / 1000);
  if (typical === null) {
    return `How long a photo takes on ${where} is measured on the first one you restore; from then on, each photo’s time is shown before it starts.`;
  }
  const sampleMs = sample ? plannedPhotoMs(msPerInputMP, sample.width, sample.height) : null;
  const typicalPhoto = 'a typical 1-megapixel photo';
  return sampleMs === null
    ? `On ${where}, ${typicalPhoto} takes about ${roughDuration(typical)}.`
    : `On ${where}, the sample takes about ${roughDuration(sampleMs)} and ${typicalPhoto} about ${roughDuration(typical)}.`;
}
