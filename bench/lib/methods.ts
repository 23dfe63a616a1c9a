// The methods a speed run compares, opened once: sharp lanczos3, the UpscalerJS ESRGANs, Real-ESRGAN
// x4plus on onnxruntime, the DVAR pack. `x4plus-ncnn` (x4plus on ncnn's CPU path) is no in-process peer:
// it runs and times itself in a Python process (peers/realesrgan-ncnn.ts), so only the speed section has it.
import { DvarEngine } from '../../electron/engine/index.ts';
import { lanczos3 } from '../peers/lanczos.ts';
import { loadX4plus } from '../peers/realesrgan-x4plus.ts';
import { initTfjs, loadEsrgan, type EsrganSize, type PeerUpscaler } from '../peers/upscalerjs.ts';
import type { BenchConfig } from './config.ts';

/** A peer as `--peers` names it: an UpscalerJS ESRGAN size, `x4plus`, or `x4plus-ncnn`. */
export type PeerName = EsrganSize | 'x4plus' | typeof X4PLUS_NCNN_PEER;

export const X4PLUS_NCNN_PEER = 'x4plus-ncnn';

export interface Methods {
  engine: DvarEngine;
  peers: PeerUpscaler[];
  /** The TensorFlow.js backend the ESRGANs run on ('wasm', else 'cpu'), and its thread count. */
  tfjsBackend: string;
  tfjsThreads: number;
  close(): Promise<void>;
}

export function openPeer(name: PeerName, threads: number, log?: (m: string) => void): Promise<PeerUpscaler> {
  if (name === X4PLUS_NCNN_PEER) return Promise.reject(new Error(`${name} runs in its own Python process; only the speed section times it`));
  return name === 'x4plus' ? loadX4plus(threads, log) : loadEsrgan(name, threads);
}

export async function openMethods(config: BenchConfig, log?: (m: string) => void): Promise<Methods> {
  const engine = await DvarEngine.open(config.pack, { threads: config.threads });
  // The ESRGANs' backend at DVAR's threads (the threaded WASM build under Node: tfjs-wasm-threads.ts).
  const tfjs = await initTfjs(config.threads);
  const peers = [lanczos3(config.threads)];
  for (const name of config.peers) if (name !== X4PLUS_NCNN_PEER) peers.push(await openPeer(name, config.threads, log));
  return {
    engine,
    peers,
    tfjsBackend: tfjs.name,
    tfjsThreads: tfjs.threads,
    close: async () => {
      for (const p of peers) await p.close?.();
      await engine.close();
    },
  };
}
