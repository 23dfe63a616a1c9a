// One pass of the DVAR pipeline over a group of equal-size LQ tiles (docs/pack-format.md, "Inference,
// one tile"): encoder → condition → prefix K/V → dynamic start token r1 → scales 2..K → decoder.
// The transformer `step` of each scale runs once for the whole group, the tiles stacked on its batch
// axis: a tile's early scales have a few dozen tokens, far too few to keep the cores busy, and one call
// per group also pays onnxruntime's per-run overhead once. Every tile keeps its own PRNG stream and gets
// its own ScaleEvents, and a group of one is exactly the per-tile pass, so grouping never changes tokens.
import type * as ort from 'onnxruntime-node';
import type { PackManifest } from '../pack/manifest-schema.ts';
import {
  RESTORE_STAGES,
  TOKEN_RESOLUTIONS,
  TOKEN_SOURCES,
  type FloatImage,
  type RestoreOptions,
  type RestoreStages,
  type SamplingOptions,
  type ScaleEvent,
  type TokenResolution,
  type TokenSource,
} from '../types.ts';
import { DvarError, throwIfAborted } from '../errors.ts';
import { floatData, floatTensor, int64Tensor, repeatBatch } from '../runtime/tensors.ts';
import { stackBatch } from './batch-rows.ts';
import { graph, type PackGraphs } from './pack-graphs.ts';
import { KvCache } from './kv-cache.ts';
import { ropePositions } from './positions.ts';
import { areaMatrix, bicubicMatrix, resizePlanar } from './resample.ts';
import { rescaledSchedule } from './schedule.ts';
import { cfgWeight, sampleTokens, type EntropyReadout } from './sampler.ts';
import type { Prng } from './prng.ts';
import type { TextConditioning } from './text-conditioning.ts';
import type { StageTimings } from './timings.ts';
import { inputPreview, renderPreview, type PreviewGuard } from './preview.ts';
import { guideImage, type GuideImage } from './guide-images.ts';
import { finishRestoredTile } from './restorer-finish.ts';
import { applyDetailStrength, checkDetail } from './detail-strength.ts';
import { checkDenoise, denoiseImage } from './denoise.ts';
import { makeNeutralRgb8 } from './neutral-gray.ts';
import { restoreTilesWithRestorerOnly } from './restorer-only.ts';

/** What one tile knows of a scale event; restore.ts adds the tile and whole-job fields. */
export type TileScaleInfo = Pick<ScaleEvent, 'scale' | 'scales' | 'grid' | 'tokens' | 'entropy' | 'entropyMap' | 'stepMs' | 'preview' | 'restorerNext'>;

/** The photographer's controls and readouts of a pass (RestoreOptions: detail, denoise, entropy). */
export interface GroupTuning {
  /** 0..1, 1 keeps the pack's output (detail-strength.ts). */
  detail: number;
  /** 0..1, 0 leaves the input untouched (denoise.ts). */
  denoise: number;
  entropy: EntropyReadout;
  /** The whole pipeline, or the restorer alone (restorer-only.ts). */
  stages: RestoreStages;
  /** Where the tokens come from: the transformer, or an ablation (RestoreOptions.tokens). */
  tokens: TokenSource;
  /** The grid the token path runs on (RestoreOptions.tokenResolution). */
  tokenResolution: TokenResolution;
}

export const DEFAULT_TUNING: GroupTuning = { detail: 1, denoise: 0, entropy: 'off', stages: 'dvar', tokens: 'transformer', tokenResolution: 'full' };

/** The options' tuning with defaults, checked before any tile runs (one clear sentence each). */
export function tuningOf(options: Pick<RestoreOptions, 'detail' | 'denoise' | 'entropy' | 'stages' | 'tokens' | 'tokenResolution'>): GroupTuning {
  const tuning: GroupTuning = {
    detail: options.detail ?? DEFAULT_TUNING.detail,
    denoise: options.denoise ?? DEFAULT_TUNING.denoise,
    entropy: options.entropy ?? DEFAULT_TUNING.entropy,
    stages: options.stages ?? DEFAULT_TUNING.stages,
    tokens: options.tokens ?? DEFAULT_TUNING.tokens,
    tokenResolution: options.tokenResolution ?? DEFAULT_TUNING.tokenResolution,
  };
  checkDetail(tuning.detail);
  checkDenoise(tuning.denoise);
  if (!['off', 'mean', 'map'].includes(tuning.entropy)) throw new DvarError('USAGE', 'The entropy readout must be "off", "mean" or "map".');
  if (!RESTORE_STAGES.includes(tuning.stages)) throw new DvarError('USAGE', `The stages must be one of ${RESTORE_STAGES.join(', ')}.`);
  if (!TOKEN_SOURCES.includes(tuning.tokens)) throw new DvarError('USAGE', `The token source must be one of ${TOKEN_SOURCES.join(', ')}.`);
  if (!TOKEN_RESOLUTIONS.includes(tuning.tokenResolution)) throw new DvarError('USAGE', `The token resolution must be one of ${TOKEN_RESOLUTIONS.join(', ')}.`);
  return tuning;
}

export interface GroupJob {
  graphs: PackGraphs;
  manifest: PackManifest;
  sampling: SamplingOptions;
  text: TextConditioning | null;
  /** One stream per tile of the group, in the group's order. */
  prngs: Prng[];
  previewMaxSide: number;
  /** The guard the result gets, applied to the previews decoded from tokens too (preview.ts). */
  previewGuard?: PreviewGuard;
  /** Default DEFAULT_TUNING. */
  tuning?: GroupTuning;
  /** The photo is black and white: previews are made neutral as the result is (neutral-gray.ts). */
  neutral?: boolean;
  timings: StageTimings;
  signal?: AbortSignal;
  /** `tile` is the index within the group. */
  onScale: (tile: number, info: TileScaleInfo) => void;
  onTokens?: (tile: number, scale: number, indices: BigInt64Array) => void;
}

/** LQ pixels per token-path pixel: 2 when the token path runs at half resolution. */
export function tokenDownscale(resolution: TokenResolution): number {
  return resolution === 'half' ? 2 : 1;
}

/** Token counts of every scale for a tile of this LQ size (used to weight progress). */
export function tileScaleTokens(manifest: PackManifest, lqHeight: number, lqWidth: number, resolution: TokenResolution = 'full'): number[] {
  const factor = manifest.upscale / manifest.latent.downsample / tokenDownscale(resolution);
  return rescaledSchedule(lqHeight * factor, lqWidth * factor, manifest.schedule.canonicalScales).map((s) => s.height * s.width);
}

/** Repeats a [B, ...] conditioning tensor once per tile: rows become [tile 0's B rows, tile 1's, ...]. */
function perTile(tensor: ort.Tensor, tiles: number): ort.Tensor {
  if (tiles === 1) return tensor;
  return floatTensor(repeatBatch(floatData(tensor), tiles), [tensor.dims[0]! * tiles, ...tensor.dims.slice(1)]);
}

/** The restorer's output of a tile, once it has run (what later previews are decoded from). */
function restoredGuide(guide: GuideImage | undefined): FloatImage | undefined {
  return guide?.input === 'restored' ? guide.image : undefined;
}

export async function restoreTileGroup(given: FloatImage[], job: GroupJob): Promise<FloatImage[]> {
  const { manifest, graphs, timings, text } = job;
  const tuning = job.tuning ?? DEFAULT_TUNING;
  // Denoised tiles are what the model, the previews and the detail strength's bicubic all see.
  const lqs = tuning.denoise > 0 ? await timings.time('denoise', () => given.map((lq) => denoiseImage(lq, tuning.denoise))) : given;
  if (tuning.stages === 'restorer') return restoreTilesWithRestorerOnly(lqs, job, tuning);
  const G = lqs.length;
  if (lqs.some((lq) => lq.height !== lqs[0]!.height || lq.width !== lqs[0]!.width)) throw new RangeError('A tile group needs tiles of one size.');
  // What the token path sees: the tiles themselves, or area-halved (tokenResolution `half`), the
  // restorer still running on the whole tile.
  const down = tokenDownscale(tuning.tokenResolution);
  if (down > 1 && !manifest.restorer) throw new DvarError('USAGE', 'Half-resolution tokens need a pack with a restorer, whose output gives the fine detail.');
  if (lqs[0]!.height % down !== 0 || lqs[0]!.width % down !== 0) throw new RangeError('Half-resolution tokens need tiles of even sides.');
  const tokenLqs =
    down === 1
      ? lqs
      : lqs.map((lq) => ({
          ...lq,
          height: lq.height / down,
          width: lq.width / down,
          data: resizePlanar(lq.data, 3, lq.height, lq.width, lq.height / down, lq.width / down, 'area'),
        }));
  const { height: lh, width: lw } = tokenLqs[0]!;
  const d = manifest.latent.downsample;
  const C = manifest.latent.channels;
  const V = manifest.latent.codebookSize;
  const tr = manifest.transformer;
  const H = lh * manifest.upscale;
  const W = lw * manifest.upscale;
  const hl = H / d;
  const wl = W / d;
  const schedule = rescaledSchedule(hl, wl, manifest.schedule.canonicalScales);
  const K = schedule.length;
  const batch = text?.batch ?? 1;
  const textFeeds: Record<string, ort.Tensor> = text ? { context: text.context, text_mask: text.textMask } : {};
  const groupTextFeeds: Record<string, ort.Tensor> = text ? { context: perTile(text.context, G), text_mask: perTile(text.textMask, G) } : {};

  // Every tile of the group has the same target size, so one condition serves them all.
  const condFeeds: Record<string, ort.Tensor> = { target_size: floatTensor(repeatBatch(new Float32Array([H, W]), batch), [batch, 2]) };
  if (text) condFeeds.text_pooled = text.pooled;
  const cond = (await timings.time('condition', () => graph(graphs, 'condition').run(condFeeds))).cond!;

  // What depends only on the scale, shared by every tile of the group: the area matrices down to the
  // scale's grid, the bicubic matrices back up to the latent grid, and the scale's RoPE positions.
  const scaleInputs = schedule.map(({ height: h, width: w }) => ({
    down: { down_h: floatTensor(areaMatrix(h, hl), [h, hl]), down_w: floatTensor(areaMatrix(w, wl), [w, wl]) },
    up: { up_h: floatTensor(bicubicMatrix(hl, h), [hl, h]), up_w: floatTensor(bicubicMatrix(wl, w), [wl, w]) },
    positions: floatTensor(ropePositions(h, w, tr.ropeFrame), [h * w, 2]),
  }));
  const prefixPositions = floatTensor(ropePositions(hl, wl, tr.ropeFrame), [hl * wl, 2]);

  const addScale = async (fHat: Float32Array, indices: BigInt64Array, k: number): Promise<Float32Array> => {
    const { height: h, width: w } = schedule[k]!;
    const out = await timings.time('fhat_update', () =>
      graph(graphs, 'fhat_update').run({
        f_hat: floatTensor(fHat, [1, C, hl, wl]),
        indices: int64Tensor(indices, [1, h * w]),
        ...scaleInputs[k]!.up,
        phi: int64Tensor([manifest.phi.table[k]!], [1]),
      }),
    );
    return floatData(out.f_hat_out!);
  };
  // Scale k's tokens of E_dr's latent: the part f_hat does not hold yet, reduced to the scale's grid and
  // quantized (for k = 0 with an empty f_hat: the dynamic start token r1).
  const quantizeResidual = async (latent: ort.Tensor, fHat: Float32Array | null, k: number): Promise<BigInt64Array> => {
    let input = latent;
    if (fHat) {
      const residual = floatData(latent).slice();
      for (let i = 0; i < residual.length; i++) residual[i] = residual[i]! - fHat[i]!;
      input = floatTensor(residual, [1, C, hl, wl]);
    }
    const out = await timings.time('quantize', () => graph(graphs, 'quantize').run({ latent: input, ...scaleInputs[k]!.down }));
    return out.indices!.data as BigInt64Array;
  };
  // stepMs: the tile's own time since `ownStart` (preview included) plus its share of the group's.
  // A restorer pack's tile shows its input upscaled until its restorer has run (preview.ts inputPreview),
  // and its event then says that the restorer runs next: the long step the UIs name.
  const emit = async (tile: number, k: number, entropy: number | null, sharedMs: number, ownStart: number, fHat: Float32Array, entropyMap?: Float32Array) => {
    const restored = restoredGuide(guides[tile]);
    const restorerNext = manifest.restorer !== null && manifest.decoder.lqFusion && !restored;
    const render = () =>
      restorerNext
        ? inputPreview(lqs[tile]!, hl, wl, manifest, job.previewMaxSide)
        : renderPreview(graph(graphs, 'decoder'), manifest, fHat, hl, wl, tokenLqs[tile]!, job.previewMaxSide, restored, job.previewGuard);
    const preview = job.previewMaxSide > 0 ? await timings.time('preview', render) : undefined;
    if (preview && job.neutral) makeNeutralRgb8(preview.data);
    const grid = schedule[k]!;
    const stepMs = sharedMs + performance.now() - ownStart;
    const info: TileScaleInfo = { scale: k + 1, scales: K, grid, tokens: grid.height * grid.width, entropy, stepMs, preview, restorerNext };
    if (entropyMap) info.entropyMap = { width: grid.width, height: grid.height, data: entropyMap };
    job.onScale(tile, info);
  };

  // Per tile: encoder, prefix K/V and scale 1, the dynamic start token quantized from the LQ latent
  // instead of a fixed 1×1 start. Its preview goes out before the next tile's encoder runs.
  const fHats: Float32Array[] = [];
  const latents: ort.Tensor[] = [];
  const guides: GuideImage[] = [];
  const prefixK: Float32Array[] = [];
  const prefixV: Float32Array[] = [];
  for (let g = 0; g < G; g++) {
    throwIfAborted(job.signal);
    const started = performance.now();
    const encoded = await timings.time('encoder', () => graph(graphs, 'encoder').run({ lq: floatTensor(tokenLqs[g]!.data, [1, 3, lh, lw]) }));
    const prefix = await timings.time('prefix', () =>
      graph(graphs, 'prefix').run({
        features: encoded.features!,
        positions: prefixPositions,
        cond,
        ...textFeeds,
      }),
    );
    prefixK.push(floatData(prefix.prefix_k!));
    prefixV.push(floatData(prefix.prefix_v!));
    latents[g] = encoded.latent!;
    if (tuning.tokens === 'none') fHats[g] = new Float32Array(C * hl * wl);
    else {
      const r1Indices = await quantizeResidual(encoded.latent!, null, 0);
      job.onTokens?.(g, 1, r1Indices);
      fHats[g] = await addScale(new Float32Array(C * hl * wl), r1Indices, 0);
    }
    await emit(g, 0, tuning.entropy === 'off' ? null : 0, 0, started, fHats[g]!);
    // The restorer runs here, after the tile's first preview is out (so that stays fast) and with scale
    // 1's progress credit (restore.ts), not in one long silent stretch after the last scale.
    if (manifest.decoder.lqFusion) guides[g] = await guideImage(lqs[g]!, manifest, graphs, timings);
  }
  if (tuning.tokens !== 'transformer') {
    // Ablations: no transformer step. `encoder` takes every scale's tokens from E_dr's latent by residual
    // quantization (what the transformer learns to predict); `none` keeps the zero latent.
    for (let k = 1; k < K && tuning.tokens === 'encoder'; k++) {
      throwIfAborted(job.signal);
      for (let g = 0; g < G; g++) {
        const own = performance.now();
        const indices = await quantizeResidual(latents[g]!, fHats[g]!, k);
        job.onTokens?.(g, k + 1, indices);
        fHats[g] = await addScale(fHats[g]!, indices, k);
        await emit(g, k, tuning.entropy === 'off' ? null : 0, 0, own, fHats[g]!);
      }
    }
    return decodeTiles();
  }
  const cache = new KvCache(tr.layers, G * batch, tr.heads, tr.headDim, stackBatch(prefixK, tr.layers), stackBatch(prefixV, tr.layers), hl * wl);
  prefixK.length = prefixV.length = 0;
  const groupCond = perTile(cond, G);

  for (let k = 1; k < K; k++) {
    throwIfAborted(job.signal);
    const started = performance.now();
    const { height: h, width: w } = schedule[k]!;
    const n = h * w;
    const tokens: Float32Array[] = [];
    for (const fHat of fHats) {
      const next = await timings.time('next_input', () =>
        graph(graphs, 'next_input').run({ f_hat: floatTensor(fHat, [1, C, hl, wl]), ...scaleInputs[k]!.down }),
      );
      tokens.push(repeatBatch(floatData(next.tokens!), batch));
    }
    const out = await timings.time('step', () =>
      graph(graphs, 'step').run({
        tokens: floatTensor(stackBatch(tokens), [G * batch, n, C]),
        level: int64Tensor([k], [1]),
        positions: scaleInputs[k]!.positions,
        cond: groupCond,
        ...cache.tensors(),
        ...groupTextFeeds,
      }),
    );
    if (tr.attention === 'block_causal') cache.append(floatData(out.k!), floatData(out.v!), n);
    const logits = floatData(out.logits!);
    // The shared work (next_input and the batched step) is split evenly over the group's events.
    const sharedMs = (performance.now() - started) / G;
    for (let g = 0; g < G; g++) {
      const own = performance.now();
      const row = g * batch * n * V;
      const sampled = await timings.time('sample', () =>
        sampleTokens({
          logits: logits.subarray(row, row + n * V),
          uncond: batch > 1 ? logits.subarray(row + n * V, row + 2 * n * V) : undefined,
          guidance: batch > 1 ? cfgWeight(job.sampling.cfg, k, K) : 0,
          tokens: n,
          vocab: V,
          options: job.sampling,
          prng: job.prngs[g]!,
          // The per-token map only where the overlay reads it: the last scale, the finest grid.
          entropy: tuning.entropy === 'map' && k < K - 1 ? 'mean' : tuning.entropy,
        }),
      );
      job.onTokens?.(g, k + 1, sampled.indices);
      fHats[g] = await addScale(fHats[g]!, sampled.indices, k);
      await emit(g, k, tuning.entropy === 'off' ? null : sampled.meanEntropy, sharedMs, own, fHats[g]!, sampled.tokenEntropy);
    }
  }

  return decodeTiles();

  async function decodeTiles(): Promise<FloatImage[]> {
    const images: FloatImage[] = [];
    for (let g = 0; g < G; g++) {
      throwIfAborted(job.signal);
      // At half resolution the decoder still runs at full size, on f_hat upsampled to the full latent grid
      // and the restorer's whole output: the decoder's bands just below the restorer's own (1/4 to 1/2 of
      // the output's Nyquist frequency) are where it beats the restorer, and a half-size decode loses them.
      const fHat = down === 1 ? fHats[g]! : resizePlanar(fHats[g]!, C, hl, wl, hl * down, wl * down, 'bicubic');
      const decoderFeeds: Record<string, ort.Tensor> = { f_hat: floatTensor(fHat, [1, C, hl * down, wl * down]) };
      const guide = guides[g];
      if (guide) decoderFeeds[guide.input] = guide.tensor;
      const decoded = await timings.time('decoder', () => graph(graphs, 'decoder').run(decoderFeeds));
      const image: FloatImage = { width: W * down, height: H * down, channels: 3, data: floatData(decoded.image!) };
      const restorer = manifest.restorer;
      const transferred = guide && restorer ? await timings.time('detail', () => finishRestoredTile(image, guide.image, restorer)) : image;
      images.push(tuning.detail === 1 ? transferred : await timings.time('detail_strength', () => applyDetailStrength(transferred, lqs[g]!, tuning.detail)));
    }
    return images;
  }
}
