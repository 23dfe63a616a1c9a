// Restores a whole image: pads it to what the latent grid needs, plans tiles from the memory budget,
// runs the DVAR pipeline over groups of equal-size tiles (one batched transformer step per scale and
// group) with per-tile, per-scale events, blends tiles with feathered overlaps and crops the result to
// exactly upscale × the input size. Blended rows leave as soon as no later tile reaches them
// (`restoreImageRows`), so the output never has to be held whole; `restoreImage` collects them.
import type { PackManifest } from './pack/manifest-schema.ts';
import type { FloatImage, RestoreHooks, RestoreOptions, SamplingOptions, TileRect } from './types.ts';
import { DvarError, throwIfAborted } from './errors.ts';
import type { PackGraphs } from './pipeline/pack-graphs.ts';
import { forkPrng } from './pipeline/prng.ts';
import { restoreTileGroup, tileScaleTokens, tokenDownscale, tuningOf } from './pipeline/restore-group.ts';
import { encodeText, type TextConditioning } from './pipeline/text-conditioning.ts';
import { StageTimings } from './pipeline/timings.ts';
import { applyFidelityGuard, DEFAULT_WAVELET_LEVELS } from './pipeline/fidelity-guard.ts';
import { lumaGapMap } from './pipeline/detail-doubt.ts';
import { midBandChange } from './pipeline/guard-depth.ts';
import { resizePlanar } from './pipeline/resample.ts';
import { cropPadded, cropPlanar } from './tiling/pad-crop.ts';
import { planTiles, tileSideForBudget } from './tiling/tile-plan.ts';
import { blendBytesPerPixel, featherFor } from './tiling/blend.ts';
import { BandBlender } from './tiling/band-blender.ts';
import { attentionScoreBytes, groupTiles, tileGroupSize } from './tiling/tile-groups.ts';
import { isNeutral, makeNeutral } from './pipeline/neutral-gray.ts';

export const DEFAULT_MEMORY_BUDGET_MB = 1024;
export const DEFAULT_OVERLAP = 8;
/**
 * A restorer's cost in units of the token path's work per last-scale token (progress weighting only).
 * Measured with the default pack's Real-ESRGAN x4plus on 2 CPU threads: 76 % of a restore, about 15×
 * the last scale's token count of a tile against the ~5× the token path's own units add up to.
 */
export const RESTORER_UNITS_PER_TOKEN = 15;
/** Most output rows handed to a row sink at once (16000 px wide: 12 MB of floats). */
export const SINK_ROWS = 64;
export const DEFAULT_PREVIEW_SIDE = 128; // per tile; each preview is a small decode, so keep it cheap

export function resolveSampling(manifest: PackManifest, given: Partial<SamplingOptions> | undefined): SamplingOptions {
  const s = { ...manifest.sampling, seed: 0, ...given };
  if (!(s.temperature > 0)) throw new DvarError('USAGE', 'The sampling temperature must be greater than 0.');
  if (!(s.topP > 0 && s.topP <= 1)) throw new DvarError('USAGE', 'top-p must be in (0, 1].');
  if (!Number.isInteger(s.topK) || s.topK < 0) throw new DvarError('USAGE', 'top-k must be a whole number, 0 to disable it.');
  if (!Number.isInteger(s.seed)) throw new DvarError('USAGE', 'The seed must be a whole number.');
  if (!(s.cfg >= 0)) throw new DvarError('USAGE', 'The guidance strength (cfg) must be 0 or more.');
  return s;
}

function budgetBytes(options: RestoreOptions): number {
  const budgetMB = options.memoryBudgetMB ?? DEFAULT_MEMORY_BUDGET_MB;
  if (!(budgetMB > 0)) throw new DvarError('USAGE', 'The memory budget must be a positive number of MiB.');
  return budgetMB * 1024 * 1024;
}

function chooseTileSide(manifest: PackManifest, options: RestoreOptions): number {
  const multiple = manifest.input.multiple;
  if (typeof options.tile === 'number') {
    if (!Number.isInteger(options.tile) || options.tile < manifest.input.minSize) {
      throw new DvarError('USAGE', `The tile size must be a whole number of at least ${manifest.input.minSize} pixels.`);
    }
    return Math.max(multiple, Math.floor(options.tile / multiple) * multiple);
  }
  return tileSideForBudget({
    budgetBytes: budgetBytes(options),
    bytesPerOutputPixel: manifest.runtime.bytesPerOutputPixel,
    upscale: manifest.upscale,
    multiple,
    maxTilePixels: manifest.runtime.maxTilePixels,
    minSize: manifest.input.minSize,
  });
}

export interface RestoreContext {
  manifest: PackManifest;
  graphs: PackGraphs;
}

/** Finished output rows, planar `3 × rows.height × rows.width`, starting at output row `y`. */
export type RowSink = (rows: FloatImage, y: number) => void | Promise<void>;

export interface RowsRestored {
  width: number;
  height: number;
  tiles: TileRect[];
  timings: Record<string, number>;
}

/** Restores `image` and collects the rows into one planar image (the output held whole). */
export async function restoreImage(
  ctx: RestoreContext,
  image: FloatImage,
  options: RestoreOptions,
  hooks: RestoreHooks,
): Promise<{ image: FloatImage; tiles: TileRect[]; timings: Record<string, number> }> {
  const up = ctx.manifest.upscale;
  const width = image.width * up;
  const height = image.height * up;
  const data = new Float32Array(3 * width * height);
  const done = await restoreImageRows(ctx, image, options, hooks, (rows, y) => {
    const n = rows.width * rows.height;
    for (let c = 0; c < 3; c++) data.set(rows.data.subarray(c * n, (c + 1) * n), c * width * height + y * width);
  });
  return { image: { width, height, channels: 3, data }, tiles: done.tiles, timings: done.timings };
}

/**
 * Restores `image`, handing finished output rows (top to bottom, each row once, cropped to exactly
 * upscale × the input size) to `sink` as soon as no later tile reaches them.
 */
export async function restoreImageRows(
  ctx: RestoreContext,
  image: FloatImage,
  options: RestoreOptions,
  hooks: RestoreHooks,
  sink: RowSink,
): Promise<RowsRestored> {
  const { manifest, graphs } = ctx;
  if (image.width < 1 || image.height < 1) throw new DvarError('INPUT_INVALID', 'The image has no pixels.');
  const sampling = resolveSampling(manifest, options.sampling);
  const timings = new StageTimings();
  const begun = performance.now();
  const up = manifest.upscale;
  const overlap = options.overlap ?? DEFAULT_OVERLAP;
  // The model runs on each tile plus `context` rows below it, which are cropped again before blending.
  const context = manifest.runtime.bottomContext ?? 0;
  const tuning = tuningOf({ ...options, tokenResolution: options.tokenResolution ?? manifest.runtime.tokenResolution });
  // A half-resolution token path halves each tile, which must stay a legal tile of the pack.
  const down = tuning.stages === 'dvar' ? tokenDownscale(tuning.tokenResolution) : 1;
  if (context % (manifest.input.multiple * down) !== 0) {
    throw new DvarError('USAGE', 'This pack cannot run its tokens at half resolution: its bottom context rows do not halve into whole tiles.');
  }
  const plan = planTiles({
    width: image.width,
    height: image.height,
    multiple: manifest.input.multiple * down,
    minSize: manifest.input.minSize * down,
    tileSide: chooseTileSide(manifest, options),
    overlap,
    bottomContext: context,
  });
  // What the model runs on, in LQ pixels: the tile and its context rows (also what previews show).
  const passRect = (tile: TileRect): TileRect => ({ ...tile, height: tile.height + context });

  let text: TextConditioning | null = null;
  if (manifest.text && graphs.text_encoder) {
    const encoder = graphs.text_encoder;
    const maxTokens = manifest.text.maxTokens;
    text = await timings.time('text', () => encodeText(encoder, options.prompt ?? '', maxTokens, sampling.cfg > 0));
  }

  // Progress is measured in work units: every scale's token count, plus the last scale's count again
  // for the encoder and prefix (credited with scale 1) and again for the decoder (credited with the
  // last scale), since those costs grow with the tile area, not with the number of scales.
  const tokensPerTile = plan.tiles.map((t) => tileScaleTokens(manifest, t.height + context, t.width, down > 1 ? 'half' : 'full'));
  // A pack's restorer runs with scale 1 (restore-group.ts) and dwarfs the token path: its share is
  // credited there, so progress and time-left estimates stay honest while it runs.
  const restorerUnits = manifest.restorer ? RESTORER_UNITS_PER_TOKEN : 0;
  const unitsOf = (tokens: number[], scale: number) =>
    tokens[scale - 1]! + (scale === 1 || scale === tokens.length ? tokens.at(-1)! : 0) + (scale === 1 ? restorerUnits * tokens.at(-1)! : 0);
  const totalUnits = tokensPerTile.reduce((sum, tokens) => sum + tokens.reduce((a, _, k) => a + unitsOf(tokens, k + 1), 0), 0);
  let doneUnits = 0;
  const blender = new BandBlender(plan.paddedWidth * up, plan.paddedHeight * up, 3);
  const outWidth = image.width * up;
  const outHeight = image.height * up;
  // Rows above the top of every tile from `index` on are final once the tiles before it are blended.
  const openFrom = plan.tiles.map((t) => t.y);
  for (let i = openFrom.length - 2; i >= 0; i--) openFrom[i] = Math.min(openFrom[i]!, openFrom[i + 1]!);
  // Finished rows leave in slices, so the copies on their way to the sink stay small on wide outputs.
  const flushRows = async (until: number) => {
    for (;;) {
      const band = blender.take(Math.min(until, outHeight, blender.nextRow + SINK_ROWS));
      if (!band) return;
      const rows = cropPlanar({ width: blender.width, height: band.rows, channels: 3, data: band.data }, 0, 0, outWidth, band.rows);
      await sink(rows, band.y);
    }
  };

  if (options.tileBatch !== undefined && !(Number.isInteger(options.tileBatch) && options.tileBatch >= 1)) {
    throw new DvarError('USAGE', 'The tile batch must be a whole number of at least 1.');
  }
  // The budget covers the whole restore: the band of output rows being blended (at most about two tile
  // rows: a group can end one row of tiles and start the next), then as many tiles in flight as fit.
  const bandRows = Math.min(blender.height, 2 * (plan.tiles[0]!.height + context) * up);
  const groupSize = tileGroupSize(passRect(plan.tiles[0]!), {
    budgetBytes: budgetBytes(options) - blender.width * bandRows * blendBytesPerPixel(3),
    bytesPerOutputPixel: manifest.runtime.bytesPerOutputPixel,
    upscale: up,
    attentionBytes:
      tuning.stages === 'dvar' && tuning.tokens === 'transformer' ? attentionScoreBytes(manifest.transformer, tokensPerTile[0]!, sampling.cfg > 0 ? 2 : 1) : 0,
    cap: options.tileBatch,
  });
  const guard = options.fidelityGuard ?? manifest.fidelityGuard;
  const fixedGuardLevels = options.guardLevels ?? manifest.fidelityGuardLevels;
  const guardAuto = guard === 'wavelet' ? options.guardAuto : undefined;
  let autoDepth: number | undefined;
  if (guardAuto) {
    const { shallow, deep, threshold } = guardAuto;
    if (!(Number.isInteger(shallow) && Number.isInteger(deep) && shallow >= 1 && shallow < deep && deep <= 8 && threshold >= 0)) {
      throw new DvarError('USAGE', 'The automatic guard depth needs whole levels 1 ≤ shallow < deep ≤ 8 and a threshold of 0 or more.');
    }
  }
  if (fixedGuardLevels !== undefined && !(Number.isInteger(fixedGuardLevels) && fixedGuardLevels >= 1 && fixedGuardLevels <= 8)) {
    throw new DvarError('USAGE', 'The guard depth must be a whole number of levels from 1 to 8.');
  }
  // A black-and-white photo (R = G = B) gets a black-and-white result (neutral-gray.ts).
  const neutral = isNeutral(image);
  for (const group of groupTiles(plan.tiles, groupSize)) {
    throwIfAborted(hooks.signal);
    const span = { first: group[0]!, last: group.at(-1)! };
    const lqs = group.map((index) => {
      const pass = passRect(plan.tiles[index]!);
      // The photo padded to the plan (plus context rows), read tile by tile (pad-crop.ts).
      return cropPadded(image, pass.x, pass.y, pass.width, pass.height);
    });
    const restored = await restoreTileGroup(lqs, {
      graphs,
      manifest,
      sampling,
      text,
      // Streams are keyed by the tile's index in the whole plan, so grouping cannot change them.
      prngs: group.map((index) => forkPrng(sampling.seed, index)),
      previewMaxSide: hooks.onScale ? (options.previewMaxSide ?? DEFAULT_PREVIEW_SIDE) : 0,
      // The automatic depth is chosen once the first restorers have run; previews before that use the fixed one.
      previewGuard: guard === 'off' ? undefined : { guard, levels: autoDepth ?? fixedGuardLevels ?? DEFAULT_WAVELET_LEVELS },
      tuning,
      neutral,
      timings,
      signal: hooks.signal,
      onTokens: hooks.onTokens ? (g, scale, indices) => hooks.onTokens!(group[g]!, scale, indices) : undefined,
      onScale: (g, info) => {
        const index = group[g]!;
        const tokens = tokensPerTile[index]!;
        // The restorer alone reports each tile once, as its last scale: credit the whole tile then.
        doneUnits += tuning.stages === 'restorer' ? tokens.reduce((a, _, k) => a + unitsOf(tokens, k + 1), 0) : unitsOf(tokens, info.scale);
        hooks.onScale?.({
          ...info,
          tileIndex: index,
          tileCount: plan.tiles.length,
          group: span,
          tile: passRect(plan.tiles[index]!),
          elapsedMs: performance.now() - begun,
          progress: doneUnits / totalUnits,
        });
      },
    });
    const references: FloatImage[] = [];
    const bicubicOf = (g: number) =>
      (references[g] ??= {
        ...restored[g]!,
        data: resizePlanar(lqs[g]!.data, 3, lqs[g]!.height, lqs[g]!.width, restored[g]!.height, restored[g]!.width, 'bicubic'),
      });
    if (guardAuto && autoDepth === undefined) {
      // Decided once per photo, on its first group of tiles (the whole photo when it is one group).
      let changed = 0;
      let energy = 0;
      for (const g of group.keys()) {
        const c = midBandChange(restored[g]!, bicubicOf(g), guardAuto.shallow, guardAuto.deep);
        changed += c.changed;
        energy += c.reference;
      }
      const ratio = changed / Math.max(energy, 1e-12);
      autoDepth = ratio < guardAuto.threshold ? guardAuto.shallow : guardAuto.deep;
      hooks.onGuardDepth?.({ ratio, levels: autoDepth });
    }
    for (const [g, index] of group.entries()) {
      const tile = plan.tiles[index]!;
      const image = restored[g]!;
      const bicubic = () => bicubicOf(g);
      const guardLevels = autoDepth ?? fixedGuardLevels;
      const guarded = guard === 'off' ? image : await timings.time('fidelity', () => applyFidelityGuard(guard, image, bicubic(), guardLevels));
      if (neutral) makeNeutral(guarded);
      if (tuning.entropy === 'map' && hooks.onTileDoubt) {
        const d = manifest.latent.downsample;
        hooks.onTileDoubt({
          tileIndex: index,
          tile: passRect(tile),
          entropyMap: lumaGapMap(guarded, bicubic(), { width: image.width / d, height: image.height / d }),
        });
      }
      await timings.time('blend', () => {
        const rect = { x: tile.x * up, y: tile.y * up, width: tile.width * up, height: tile.height * up };
        const kept = context ? cropPlanar(guarded, 0, 0, rect.width, rect.height) : guarded;
        blender.add(kept.data, rect, featherFor(tile, plan.tiles, overlap, up));
      });
    }
    const next = group.at(-1)! + 1;
    await flushRows(next < plan.tiles.length ? openFrom[next]! * up : outHeight);
  }
  return { width: outWidth, height: outHeight, tiles: plan.tiles, timings: timings.totals };
}
