// The DVAR engine's public entry point: open a model pack, restore images. Plain Node, no Electron.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_PACK_DIR } from './bundled-packs.ts';
import { loadPack, type LoadedPack } from './pack/load-pack.ts';
import type { PackManifest } from './pack/manifest-schema.ts';
import type { GraphName, PackGraphs } from './pipeline/pack-graphs.ts';
import { planProviders } from './runtime/execution-providers.ts';
import { GraphSession } from './runtime/graph-session.ts';
import { describeProviders } from './runtime/provider-report.ts';
import { restoreImage, restoreImageRows, type RowSink, type RowsRestored } from './restore.ts';
import type { FloatImage, ProviderReport, RestoreHooks, RestoreOptions, RestoreResult } from './types.ts';

// Everything that needs no onnxruntime (errors, types, bundled packs, option names, manifests).
export {
  type Accelerator,
  acceleratorsHere,
  type AdviceTable,
  BUNDLED_PACK_NAMES,
  type BundledPack,
  bundledPackDir,
  bundledPacks,
  cropPlanar,
  DEFAULT_PACK_DIR,
  DEFAULT_WAVELET_LEVELS,
  DvarError,
  type DvarErrorCode,
  type EntropyMap,
  type ErrorParams,
  type FailureFacts,
  FIDELITY_GUARDS,
  type FidelityGuard,
  type FloatImage,
  isBarePackName,
  isCancellation,
  type LoadedPack,
  loadPack,
  MAX_DETAIL,
  PACK_FILE_LIMITS,
  packChoice,
  type PackManifest,
  padImage,
  type PassPosition,
  passPositionSchema,
  pickReported,
  type PreviewImage,
  type ProviderReport,
  readPackText,
  RESTORE_STAGES,
  type RestoreHooks,
  type RestoreOptions,
  type RestoreResult,
  type RestoreStages,
  type RowSink,
  type RowsRestored,
  type SamplingOptions,
  type SamplingStrategy,
  type ScaleEvent,
  type ScaleReport,
  scaleReportSchema,
  throwIfAborted,
  type TileRect,
  type TileSpan,
  tileSpanSchema,
  TOKEN_RESOLUTIONS,
  TOKEN_SOURCES,
  type TokenResolution,
  type TokenSource,
  withAdvice,
} from './definitions.ts';
/** For a thread that is shutting down: graph runs not started yet stop with CANCELLED. */
export { stopGraphRuns } from './runtime/graph-session.ts';
export { planProviders } from './runtime/execution-providers.ts';

export interface EngineOptions {
  /** Intra-op threads per graph (default: all cores). */
  threads?: number;
  /** Execution providers to try in order (default: the platform's accelerator, then cpu). */
  providers?: string[];
  /** Let onnxruntime's idle threads spin (default false: slower here, kept for A/B benchmarks). */
  spinWait?: boolean;
}

export class DvarEngine {
  private constructor(
    readonly pack: LoadedPack,
    private readonly graphs: PackGraphs,
    readonly provider: ProviderReport,
  ) {}

  static async open(packDir: string, options: EngineOptions = {}): Promise<DvarEngine> {
    const pack = await loadPack(packDir);
    const plan = planProviders(options.providers);
    const threads = options.threads ?? availableParallelism();
    const graphs: PackGraphs = {};
    let providers = plan.candidates;
    const failures: string[] = [];
    try {
      for (const [name, declaration] of Object.entries(pack.manifest.graphs)) {
        const opened = await GraphSession.open(name, pack.graphFile(name), declaration, { providers, threads, spinWait: options.spinWait });
        failures.push(...opened.failures);
        // Every later graph uses the provider the first one opened with (and CPU as fallback).
        providers = [...new Set([opened.graph.provider, 'cpu'])];
        graphs[name as GraphName] = opened.graph;
      }
    } catch (error) {
      await Promise.all(Object.values(graphs).map((g) => g?.close()));
      throw error;
    }
    const perGraph = Object.fromEntries(Object.entries(graphs).map(([name, g]) => [name, g.provider]));
    return new DvarEngine(pack, graphs, describeProviders(perGraph, [...plan.notes, ...failures]));
  }

  get manifest(): PackManifest {
    return this.pack.manifest;
  }

  get upscale(): number {
    return this.pack.manifest.upscale;
  }

  get textConditioning(): boolean {
    return this.pack.manifest.text !== null;
  }

  get packName(): string {
    return this.pack.manifest.name;
  }

  async restore(image: FloatImage, options: RestoreOptions = {}, hooks: RestoreHooks = {}): Promise<RestoreResult> {
    const result = await restoreImage({ manifest: this.manifest, graphs: this.graphs }, image, options, hooks);
    return { ...result, provider: this.provider };
  }

  /**
   * Restores without holding the output whole: finished rows go to `sink` top to bottom as soon as they
   * are blended (outputs of any size in bounded memory; the rows are those `restore` returns).
   */
  async restoreRows(image: FloatImage, options: RestoreOptions, hooks: RestoreHooks, sink: RowSink): Promise<RowsRestored & { provider: ProviderReport }> {
    const result = await restoreImageRows({ manifest: this.manifest, graphs: this.graphs }, image, options, hooks, sink);
    return { ...result, provider: this.provider };
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.graphs).map((g) => g?.close()));
  }
}

export function packDirOrDefault(dir?: string): string {
  return dir ? resolve(dir) : DEFAULT_PACK_DIR;
}
