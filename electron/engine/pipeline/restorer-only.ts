// The pack's restorer alone on a group of tiles (RestoreOptions.stages = 'restorer'): no encoder, no
// tokens, no decoder. It exists so that the whole DVAR pipeline can be measured against the strongest
// simple baseline made of its own parts (restorer, then the same detail strength and fidelity guard),
// and as a quick mode; the default is always the whole pipeline. One ScaleEvent per tile, as its last
// scale, so progress and previews work unchanged.
import type { FloatImage } from '../types.ts';
import { DvarError, throwIfAborted } from '../errors.ts';
import { applyDetailStrength } from './detail-strength.ts';
import { guideImage } from './guide-images.ts';
import { planarToRgb8 } from './preview.ts';
import { resizePlanar } from './resample.ts';
import type { GroupJob, GroupTuning } from './restore-group.ts';
import { rescaledSchedule } from './schedule.ts';

export async function restoreTilesWithRestorerOnly(lqs: FloatImage[], job: GroupJob, tuning: GroupTuning): Promise<FloatImage[]> {
  const { manifest, graphs, timings } = job;
  if (!manifest.restorer) throw new DvarError('USAGE', 'This pack has no restorer, so it cannot run the restorer alone; use the whole pipeline.');
  const images: FloatImage[] = [];
  for (const [g, lq] of lqs.entries()) {
    throwIfAborted(job.signal);
    const started = performance.now();
    const restored = (await guideImage(lq, manifest, graphs, timings)).image;
    const image = tuning.detail === 1 ? restored : await timings.time('detail_strength', () => applyDetailStrength(restored, lq, tuning.detail));
    const factor = manifest.upscale / manifest.latent.downsample;
    const schedule = rescaledSchedule(lq.height * factor, lq.width * factor, manifest.schedule.canonicalScales);
    const grid = schedule.at(-1)!;
    job.onScale(g, {
      scale: schedule.length,
      scales: schedule.length,
      grid,
      tokens: grid.height * grid.width,
      entropy: null,
      stepMs: performance.now() - started,
      preview: job.previewMaxSide > 0 ? smallPreview(image, job.previewMaxSide) : undefined,
    });
    images.push(image);
  }
  return images;
}

function smallPreview(image: FloatImage, maxSide: number) {
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const data = scale === 1 ? image.data : resizePlanar(image.data, 3, image.height, image.width, height, width, 'area');
  return { width, height, data: planarToRgb8(data, width, height) };
}
