// Speed per output megapixel of DVAR beside its peers, measured in the same process on the same input
// (x4plus on ncnn, which has no Node binding, on that same input in one Python process), and DVAR's
// breakdown per stage: decode and encode through sharp, the engine stages, and the
// transformer step of every scale.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeImage } from '../../electron/image-files/write-image.ts';
import { readImage } from '../../electron/image-files/read-image.ts';
import { scaledSize } from '../../electron/image-files/resample-output.ts';
import { restoreAndWrite } from '../../electron/jobs/restore-output.ts';
import { syntheticImage } from '../../test/helpers/fixtures.ts';
import type { FloatImage } from '../../electron/engine/types.ts';
import type { BenchConfig } from '../lib/config.ts';
import { openFastPack } from '../lib/dev-set.ts';
import { X4PLUS_NCNN_PEER } from '../lib/methods.ts';
import { timeX4plusNcnn, X4PLUS_NCNN_NAME, type NcnnTimes } from '../peers/realesrgan-ncnn.ts';
import { timedRestore, type DvarRun, type ScaleTime } from '../lib/dvar-run.ts';
import { writePng } from '../lib/images.ts';
import { bestOf, outputMP } from '../lib/measure.ts';
import type { Methods } from '../lib/methods.ts';
import { FAST_PACK_METHOD, restorerAloneMethod } from '../report/speed-rows.ts';

export interface SpeedCell {
  method: string;
  side: number;
  outputMP: number;
  seconds: number | null;
  secondsPerMP: number | null;
  error?: string;
}

export interface DvarBreakdown {
  side: number;
  outputMP: number;
  tiles: number;
  /** Wall time of restore() alone (the figure compared with peers). */
  restoreMs: number;
  /** decode, engine stages (RestoreResult.timings), `other` (restore time no stage covers), encode. */
  stagesMs: Record<string, number>;
  perScale: ScaleTime[];
}

export interface SpeedResult {
  threads: number;
  repeat: number;
  tfjsBackend: string;
  tfjsThreads: number;
  /** Where each peer runs (runtime, threads, and why when fewer threads than DVAR). */
  peerRuntimes: Record<string, string>;
  /** The threads each peer really ran on (the bench asks each for `threads`, DVAR's count). */
  peerThreads?: Record<string, number>;
  /** Peers asked for that could not run here, and why (x4plus-ncnn without ncnn in the venv). */
  skippedPeers?: Record<string, string>;
  cells: SpeedCell[];
  dvar: DvarBreakdown[];
  /** DVAR's whole job (restore, resample, PNG written) at ×2, ×3 and ×4 of one input, best of `repeat`. */
  scales?: ScaleTimeCell[];
}

export interface ScaleTimeCell {
  scale: number;
  side: number;
  outputMP: number;
  seconds: number;
}

function breakdown(side: number, run: DvarRun, decodeMs: number, encodeMs: number): DvarBreakdown {
  const stages = { decode: decodeMs, ...run.timings };
  const covered = Object.values(run.timings).reduce((s, v) => s + v, 0);
  return {
    side,
    outputMP: outputMP(side, side),
    tiles: run.tiles.length,
    restoreMs: run.ms,
    stagesMs: { ...stages, other: Math.max(0, run.ms - covered), encode: encodeMs },
    perScale: run.perScale,
  };
}

export async function speed(config: BenchConfig, methods: Methods, log: (m: string) => void): Promise<SpeedResult> {
  const cells: SpeedCell[] = [];
  const dvar: DvarBreakdown[] = [];
  const dvarName = `dvar (${methods.engine.packName})`;
  const scratch = mkdtempSync(join(tmpdir(), 'dvar-bench-speed-'));
  const failed = new Set<string>();
  let scales: ScaleTimeCell[] = [];
  const inputs = config.speedSides.map((side) => syntheticImage(side, side, 11));
  const ncnn = await ncnnRow(config, inputs, scratch, log);
  // The previous default pack, timed beside the default as the quality section scores it.
  const fast = await openFastPack(config.fastPack, config.threads, log);
  try {
    for (const [i, side] of config.speedSides.entries()) {
      const input = inputs[i]!;
      const mp = outputMP(side, side);
      const cell = (method: string, ms: number | null, error?: string): SpeedCell => ({
        method,
        side,
        outputMP: mp,
        seconds: ms === null ? null : ms / 1000,
        secondsPerMP: ms === null ? null : ms / 1000 / mp,
        ...(error ? { error } : {}),
      });
      for (const peer of methods.peers) {
        try {
          if (failed.has(peer.name)) throw new Error('skipped: failed at a smaller size');
          cells.push(cell(peer.name, (await bestOf(config.repeat, () => peer.upscale(input))).ms));
        } catch (error) {
          failed.add(peer.name);
          cells.push(cell(peer.name, null, (error as Error).message));
        }
        log(`speed ${side}px ${peer.name}: ${cells.at(-1)!.secondsPerMP?.toFixed(3) ?? 'failed'} s/MP`);
      }
      if (ncnn && 'ms' in ncnn) {
        cells.push(cell(ncnn.name, ncnn.ms[i]!));
        log(`speed ${side}px ${ncnn.name}: ${cells.at(-1)!.secondsPerMP!.toFixed(3)} s/MP (timed inside its Python process)`);
      } else if (ncnn && 'error' in ncnn) {
        cells.push(cell(ncnn.name, null, ncnn.error));
      }
      const best = await bestOf(config.repeat, () => timedRestore(methods.engine, input));
      cells.push(cell(dvarName, best.ms));
      const png = join(scratch, `${side}.png`);
      await writePng(png, input);
      const decode = await bestOf(config.repeat, () => readImage(png));
      const encode = await bestOf(config.repeat, () =>
        encodeImage({ rgb: best.result.image, alpha: null }, { format: 'png', bitDepth: 8, gray: false, overwrite: true }),
      );
      dvar.push(breakdown(side, best.result, decode.ms, encode.ms));
      log(`speed ${side}px ${dvarName}: ${cells.at(-1)!.secondsPerMP!.toFixed(3)} s/MP`);
      if (methods.engine.manifest.restorer) {
        const alone = await bestOf(config.repeat, () => methods.engine.restore(input, { previewMaxSide: 0, stages: 'restorer' }));
        cells.push(cell(restorerAloneMethod(methods.engine.packName), alone.ms));
        log(`speed ${side}px ${cells.at(-1)!.method}: ${cells.at(-1)!.secondsPerMP!.toFixed(3)} s/MP`);
      }
      if (fast) {
        cells.push(cell(FAST_PACK_METHOD, (await bestOf(config.repeat, () => timedRestore(fast, input))).ms));
        log(`speed ${side}px ${FAST_PACK_METHOD}: ${cells.at(-1)!.secondsPerMP!.toFixed(3)} s/MP`);
      }
    }
    scales = await scaleTimes(config, methods, scratch, log);
  } finally {
    await fast?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  const peerRuntimes = Object.fromEntries(methods.peers.map((p) => [p.name, p.runtime]));
  const peerThreads = Object.fromEntries(methods.peers.map((p) => [p.name, p.threads]));
  if (ncnn && 'ms' in ncnn) [peerRuntimes[ncnn.name], peerThreads[ncnn.name]] = [ncnn.runtime, ncnn.threads];
  const skippedPeers = ncnn && 'skipped' in ncnn ? { [X4PLUS_NCNN_PEER]: ncnn.skipped } : undefined;
  return {
    threads: config.threads,
    repeat: config.repeat,
    tfjsBackend: methods.tfjsBackend,
    tfjsThreads: methods.tfjsThreads,
    peerRuntimes,
    peerThreads,
    ...(skippedPeers ? { skippedPeers } : {}),
    cells,
    dvar,
    scales,
  };
}

/**
 * x4plus on ncnn's CPU path at every speed size, timed in one Python process before the in-process
 * methods (peers/realesrgan-ncnn.ts): null when not asked for; skipped, with the reason logged, where
 * ncnn or its weights are missing; an error for every size where it failed.
 */
async function ncnnRow(
  config: BenchConfig,
  inputs: FloatImage[],
  scratch: string,
  log: (m: string) => void,
): Promise<NcnnTimes | { skipped: string } | { name: string; error: string } | null> {
  if (!config.peers.includes(X4PLUS_NCNN_PEER)) return null;
  try {
    const times = await timeX4plusNcnn(inputs, config.threads, config.repeat, scratch);
    if ('skipped' in times) log(`speed ${X4PLUS_NCNN_PEER}: skipped: ${times.skipped}`);
    return times;
  } catch (error) {
    log(`speed ${X4PLUS_NCNN_PEER} failed: ${(error as Error).message}`);
    return { name: X4PLUS_NCNN_NAME, error: (error as Error).message };
  }
}

/** The app's whole job (restore-output.ts) at ×2, ×3 and ×4 of the middle speed size, PNG written. */
async function scaleTimes(config: BenchConfig, methods: Methods, scratch: string, log: (m: string) => void): Promise<ScaleTimeCell[]> {
  const side = config.speedSides[Math.floor(config.speedSides.length / 2)]!;
  const png = join(scratch, `scales-${side}.png`);
  await writePng(png, syntheticImage(side, side, 12));
  const decoded = await readImage(png);
  const cells: ScaleTimeCell[] = [];
  for (const scale of [2, 3, 4]) {
    const size = scaledSize(decoded.rgb, scale);
    const job = { output: join(scratch, `x${scale}.png`), size, format: 'png' as const, overwrite: true, restore: { previewMaxSide: 0 }, hooks: {} };
    const best = await bestOf(config.repeat, () => restoreAndWrite(methods.engine, decoded, job));
    cells.push({ scale, side, outputMP: (size.width * size.height) / 1e6, seconds: best.ms / 1000 });
    log(`speed ${side}px ×${scale}: ${(best.ms / 1000).toFixed(2)} s`);
  }
  return cells;
}
