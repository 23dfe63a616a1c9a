// One pass of the DVAR pipeline over one LQ tile (docs/pack-format.md, "Inference, one tile"):
// encoder → condition → prefix K/V → dynamic start token r1 → scales 2..K → decoder.
import type * as ort from 'onnxruntime-node';
import type { PackManifest } from '../pack/manifest-schema.ts';
import type { FloatImage, SamplingOptions, ScaleEvent } from '../types.ts';
import { throwIfAborted } from '../errors.ts';
import { floatData, floatTensor, int64Tensor, repeatBatch } from '../runtime/tensors.ts';
import { graph, type PackGraphs } from './pack-graphs.ts';
import { KvCache } from './kv-cache.ts';
import { ropePositions } from './positions.ts';
import { areaMatrix, bicubicMatrix } from './resample.ts';
import { rescaledSchedule } from './schedule.ts';
import { cfgWeight, sampleTokens } from './sampler.ts';
import type { Prng } from './prng.ts';
import type { TextConditioning } from './text-conditioning.ts';
import type { StageTimings } from './timings.ts';
import { renderPreview } from './preview.ts';

/** What one tile knows of a scale event; restore.ts adds the tile and whole-job fields. */
export type TileScaleInfo = Pick<ScaleEvent, 'scale' | 'scales' | 'grid' | 'tokens' | 'entropy' | 'stepMs' | 'preview'>;

export interface TileJob {
  graphs: PackGraphs;
  manifest: PackManifest;
  sampling: SamplingOptions;
  text: TextConditioning | null;
  prng: Prng;
  previewMaxSide: number;
  timings: StageTimings;
  signal?: AbortSignal;
  onScale: (info: TileScaleInfo) => void;
  onTokens?: (scale: number, indices: BigInt64Array) => void;
}

/** Token counts of every scale for a tile of this LQ size (used to weight progress). */
export function tileScaleTokens(manifest: PackManifest, lqHeight: number, lqWidth: number): number[] {
  const factor = manifest.upscale / manifest.latent.downsample;
  return rescaledSchedule(lqHeight * factor, lqWidth * factor, manifest.schedule.canonicalScales).map((s) => s.height * s.width);
}

export async function restoreTile(lq: FloatImage, job: TileJob): Promise<FloatImage> {
  const { manifest, graphs, timings, text } = job;
  const d = manifest.latent.downsample;
  const C = manifest.latent.channels;
  const tr = manifest.transformer;
  const H = lq.height * manifest.upscale;
  const W = lq.width * manifest.upscale;
  const hl = H / d;
  const wl = W / d;
  const schedule = rescaledSchedule(hl, wl, manifest.schedule.canonicalScales);
  const K = schedule.length;
  const batch = text?.batch ?? 1;
  const textFeeds: Record<string, ort.Tensor> = text ? { context: text.context, text_mask: text.textMask } : {};

  const lqTensor = floatTensor(lq.data, [1, 3, lq.height, lq.width]);
  const encoded = await timings.time('encoder', () => graph(graphs, 'encoder').run({ lq: lqTensor }));
  const condFeeds: Record<string, ort.Tensor> = { target_size: floatTensor(repeatBatch(new Float32Array([H, W]), batch), [batch, 2]) };
  if (text) condFeeds.text_pooled = text.pooled;
  const { cond } = await timings.time('condition', () => graph(graphs, 'condition').run(condFeeds));
  const prefix = await timings.time('prefix', () =>
    graph(graphs, 'prefix').run({
      features: encoded.features!,
      positions: floatTensor(ropePositions(hl, wl, tr.ropeFrame), [hl * wl, 2]),
      cond: cond!,
      ...textFeeds,
    }),
  );
  const cache = new KvCache(tr.layers, batch, tr.heads, tr.headDim, floatData(prefix.prefix_k!), floatData(prefix.prefix_v!), hl * wl);

  const addScale = async (fHat: Float32Array, indices: BigInt64Array, k: number): Promise<Float32Array> => {
    const { height: h, width: w } = schedule[k]!;
    const out = await timings.time('fhat_update', () =>
      graph(graphs, 'fhat_update').run({
        f_hat: floatTensor(fHat, [1, C, hl, wl]),
        indices: int64Tensor(indices, [1, h * w]),
        up_h: floatTensor(bicubicMatrix(hl, h), [hl, h]),
        up_w: floatTensor(bicubicMatrix(wl, w), [wl, w]),
        phi: int64Tensor([manifest.phi.table[k]!], [1]),
      }),
    );
    return floatData(out.f_hat_out!);
  };
  const emit = async (k: number, entropy: number, started: number, fHat: Float32Array) => {
    const preview = job.previewMaxSide > 0
      ? await timings.time('preview', () => renderPreview(graph(graphs, 'decoder'), manifest, fHat, hl, wl, lq, job.previewMaxSide))
      : undefined;
    const grid = schedule[k]!;
    job.onScale({ scale: k + 1, scales: K, grid, tokens: grid.height * grid.width, entropy, stepMs: performance.now() - started, preview });
  };

  // Scale 1: the dynamic start token, quantized from the LQ latent instead of a fixed 1×1 start.
  let started = performance.now();
  const first = schedule[0]!;
  const r1 = await timings.time('quantize', () =>
    graph(graphs, 'quantize').run({
      latent: encoded.latent!,
      down_h: floatTensor(areaMatrix(first.height, hl), [first.height, hl]),
      down_w: floatTensor(areaMatrix(first.width, wl), [first.width, wl]),
    }),
  );
  const r1Indices = r1.indices!.data as BigInt64Array;
  job.onTokens?.(1, r1Indices);
  let fHat = await addScale(new Float32Array(C * hl * wl), r1Indices, 0);
  await emit(0, 0, started, fHat);

  for (let k = 1; k < K; k++) {
    throwIfAborted(job.signal);
    started = performance.now();
    const { height: h, width: w } = schedule[k]!;
    const n = h * w;
    const next = await timings.time('next_input', () =>
      graph(graphs, 'next_input').run({
        f_hat: floatTensor(fHat, [1, C, hl, wl]),
        down_h: floatTensor(areaMatrix(h, hl), [h, hl]),
        down_w: floatTensor(areaMatrix(w, wl), [w, wl]),
      }),
    );
    const out = await timings.time('step', () =>
      graph(graphs, 'step').run({
        tokens: floatTensor(repeatBatch(floatData(next.tokens!), batch), [batch, n, C]),
        level: int64Tensor([k], [1]),
        positions: floatTensor(ropePositions(h, w, tr.ropeFrame), [n, 2]),
        cond: cond!,
        ...cache.tensors(),
        ...textFeeds,
      }),
    );
    const logits = floatData(out.logits!);
    const V = manifest.latent.codebookSize;
    const sampled = await timings.time('sample', () =>
      sampleTokens({
        logits: logits.subarray(0, n * V),
        uncond: batch > 1 ? logits.subarray(n * V, 2 * n * V) : undefined,
        guidance: batch > 1 ? cfgWeight(job.sampling.cfg, k, K) : 0,
        tokens: n,
        vocab: V,
        options: job.sampling,
        prng: job.prng,
      }),
    );
    if (tr.attention === 'block_causal') cache.append(floatData(out.k!), floatData(out.v!), n);
    job.onTokens?.(k + 1, sampled.indices);
    fHat = await addScale(fHat, sampled.indices, k);
    await emit(k, sampled.meanEntropy, started, fHat);
  }

  const decoderFeeds: Record<string, ort.Tensor> = { f_hat: floatTensor(fHat, [1, C, hl, wl]) };
  if (manifest.decoder.lqFusion) decoderFeeds.lq = lqTensor;
  const decoded = await timings.time('decoder', () => graph(graphs, 'decoder').run(decoderFeeds));
  return { width: W, height: H, channels: 3, data: floatData(decoded.image!) };
}
