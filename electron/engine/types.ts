// Public data types of the DVAR engine. The engine is a plain Node library: nothing here knows
// Electron, windows or IPC, so the CLI, the Electron main process and the web host share it.
import type { FidelityGuard } from './pipeline/fidelity-guard.ts';
import type { ScaleReport } from './progress-report.ts';

export type { PassPosition, ScaleReport, TileSpan } from './progress-report.ts';

/** A planar float image: `data[c * width * height + y * width + x]`, RGB, values in [0, 1]. */
export interface FloatImage {
  width: number;
  height: number;
  channels: 3;
  data: Float32Array;
}

export type SamplingStrategy = 'greedy' | 'sample';

export interface SamplingOptions {
  strategy: SamplingStrategy;
  /** Softmax temperature for `sample` (> 0). */
  temperature: number;
  /** Keep only the k most likely tokens; 0 disables. */
  topK: number;
  /** Nucleus sampling mass in (0, 1]; 1 disables. */
  topP: number;
  /** Seed of the engine's own PRNG: same seed, pack and options give the same output. */
  seed: number;
  /** Classifier-free guidance strength for text packs (0 disables guidance). */
  cfg: number;
}

export interface RestoreOptions {
  sampling?: Partial<SamplingOptions>;
  /** Text prompt for packs with text conditioning; ignored (with a notice) otherwise. */
  prompt?: string;
  /** `auto` plans tiles from `memoryBudgetMB`; a number is the LQ tile side in pixels. */
  tile?: 'auto' | number;
  /** Memory the engine may use for one pass, in MiB (default 1024). */
  memoryBudgetMB?: number;
  /**
   * Most tiles run through the pipeline together (one batched transformer step per scale); default: as
   * many as `memoryBudgetMB` allows, up to 16. 1 runs tile by tile. Results are the same either way.
   */
  tileBatch?: number;
  /** Overlap between neighbouring LQ tiles in pixels (default 8). */
  overlap?: number;
  /**
   * Low-frequency anchoring of the output to the upsampled input: `wavelet`, `adain` or `off`
   * (default: the pack's `fidelityGuard`).
   */
  fidelityGuard?: FidelityGuard;
  /** Longest side of the per-scale preview images in pixels; 0 disables previews (default 128). */
  previewMaxSide?: number;
  /**
   * How much of the model's detail to keep, 0 to 1.5 (default 1, the pack's output unchanged): up to 1
   * each tile becomes bicubic + detail × (restored − bicubic), so 0 is the plain upscaled input; above 1
   * the tile's fine luma detail is sharpened (pipeline/detail-strength.ts).
   */
  detail?: number;
  /** Edge-preserving noise reduction of the input before it is restored, 0 (default, off) to 1 (pipeline/denoise.ts). */
  denoise?: number;
  /**
   * Token entropy to compute (default `off`; it never changes tokens or pixels): `mean` fills
   * ScaleEvent.entropy, `map` also puts every token's entropy of each tile's last scale in
   * ScaleEvent.entropyMap (the detail-confidence overlay).
   */
  entropy?: 'off' | 'mean' | 'map';
  /**
   * Which parts run (default `dvar`, the whole pipeline). `restorer` runs a restorer pack's restorer
   * alone, then the detail strength and the guard: the fair "restorer + guard" baseline, and a quick
   * mode; never the default.
   */
  stages?: RestoreStages;
  /**
   * Where a tile's tokens come from (default `transformer`). Ablations: `encoder` quantizes E_dr's latent
   * scale by scale (residual quantization, no transformer), `none` decodes a zero latent (the decoder
   * sees only its guide image).
   */
  tokens?: TokenSource;
  /**
   * The grid the tokens are made on (default: the pack's `runtime.tokenResolution`, else `full`). `half`
   * runs the encoder, prefix and transformer on each tile area-halved, a quarter of the tokens, then
   * decodes at full size from f_hat upsampled to the full latent grid and the restorer's whole output:
   * about 1.3× the restorer alone's time instead of 1.6×, but the coarse bands the tokens give are the
   * less accurate: 0.5–1 dB PSNR-Y behind `full` under a 6-level guard (bench/results/fair-peers-0.7.0.md).
   * Needs a pack with a restorer.
   */
  tokenResolution?: TokenResolution;
  /** The wavelet guard's depth in à-trous levels (default: the pack's `fidelityGuardLevels`). */
  guardLevels?: number;
  /**
   * The wavelet guard's depth chosen per photo (pipeline/guard-depth.ts): `shallow` levels where the
   * result changed the input's bands `shallow`..`deep − 1` by less than `threshold` of their energy,
   * else `deep`; decided on the photo's first group of tiles. Measured, not used by a shipped pack:
   * bench/results/guard-depth.md.
   */
  guardAuto?: { shallow: number; deep: number; threshold: number };
}

export const RESTORE_STAGES = ['dvar', 'restorer'] as const;
export type RestoreStages = (typeof RESTORE_STAGES)[number];
export const TOKEN_SOURCES = ['transformer', 'encoder', 'none'] as const;
export type TokenSource = (typeof TOKEN_SOURCES)[number];
export const TOKEN_RESOLUTIONS = ['full', 'half'] as const;
export type TokenResolution = (typeof TOKEN_RESOLUTIONS)[number];

/** One value per token of a scale's grid, row-major. */
export interface EntropyMap {
  width: number;
  height: number;
  data: Float32Array;
}

export interface TileRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An interleaved 8-bit RGB image small enough to send over IPC after every scale. */
export interface PreviewImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Emitted after every scale of every tile: the reported fields (progress-report.ts) and what stays in the engine's callers. */
export interface ScaleEvent extends ScaleReport {
  /** Token map size of this scale. */
  grid: { height: number; width: number };
  /** The last scale's per-token entropy over the tile (`tile`), when RestoreOptions.entropy is `map`. */
  entropyMap?: EntropyMap;
  /** Milliseconds spent on this scale. */
  stepMs: number;
  preview?: PreviewImage;
}

export interface ProviderReport {
  /** Execution provider actually used, e.g. `cuda` or `cpu`; `cuda+cpu` when some graphs fell back. */
  name: string;
  /** One sentence on why it was chosen (and what was tried before it). */
  reason: string;
  /** The provider each graph opened with. */
  graphs: Record<string, string>;
}

export interface RestoreHooks {
  onScale?: (event: ScaleEvent) => void;
  /** Diagnostics (parity tests, benchmarks): the token indices chosen at every scale of every tile. */
  onTokens?: (tileIndex: number, scale: number, indices: BigInt64Array) => void;
  /**
   * With entropy `map`: each finished tile's detail doubt (pipeline/detail-doubt.ts), the luma gap between
   * its result and the bicubic upscale of its input, one value per cell of the latent grid: what the
   * detail-confidence overlay draws (it predicts the output's error; the last scale's token entropy does not).
   */
  onTileDoubt?: (doubt: { tileIndex: number; tile: TileRect; entropyMap: EntropyMap }) => void;
  /** Diagnostics: with `guardAuto`, the photo's middle-band change ratio and the depth it chose. */
  onGuardDepth?: (choice: { ratio: number; levels: number }) => void;
  signal?: AbortSignal;
}

export interface RestoreResult {
  image: FloatImage;
  tiles: TileRect[];
  /** Milliseconds per pipeline stage summed over tiles (encoder, prefix, step, quantize, decoder, blend...). */
  timings: Record<string, number>;
  provider: ProviderReport;
}
