// The methods a speed run compares, opened once: sharp lanczos3, the UpscalerJS ESRGANs, Real-ESRGAN
// x4plus on onnxruntime, the DVAR pack.
import { DvarEngine } from '../../electron/engine/index.ts';
import { lanczos3 } from '../peers/lanczos.ts';
import { loadX4plus } from '../peers/realesrgan-x4plus.ts';
import { initTfjs, loadEsrgan, type EsrganSize, type PeerUpscaler } from '../peers/upscalerjs.ts';
import type { BenchConfig } from './config.ts';

/** A peer as `--peers` names it: an UpscalerJS ESRGAN size, or `x4plus`. */
export type PeerName = EsrganSize | 'x4plus';

export interface Methods {
  engine: DvarEngine;
  peers: PeerUpscaler[];
  /** The TensorFlow.js backend the ESRGANs run on ('wasm', else 'cpu'), and its thread count. */
  tfjsBackend: string;
  tfjsThreads: number;
  close(): Promise<void>;
}

export function openPeer(name: PeerName, threads: number, log?: (m: string) => void): Promise<PeerUpscaler> {
  return name === 'x4plus' ? loadX4plus(threads, log) : loadEsrgan(name, threads);
}

export async function openMethods(config: BenchConfig, log?: (m: string) => void): Promise<Methods> {
  const engine = await DvarEngine.open(config.pack, { threads: config.threads });
  // The ESRGANs' backend at DVAR's threads (the threaded WASM build under Node: tfjs-wasm-threads.ts).
  const tfjs = await initTfjs(config.threads);
  const peers = [lanczos3(config.threads)];
  for (const name of config.peers) peers.push(await openPeer(name, config.threads, log));
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
