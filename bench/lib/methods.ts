// The methods a speed run compares, opened once: sharp lanczos3, the UpscalerJS ESRGANs, the DVAR pack.
import { DvarEngine } from '../../electron/engine/index.ts';
import { lanczos3 } from '../peers/lanczos.ts';
import { initTfjs, loadEsrgan, type PeerUpscaler } from '../peers/upscalerjs.ts';
import type { BenchConfig } from './config.ts';

export interface Methods {
  engine: DvarEngine;
  peers: PeerUpscaler[];
  /** The TensorFlow.js backend the ESRGANs run on ('wasm', else 'cpu'), and its thread count. */
  tfjsBackend: string;
  tfjsThreads: number;
  close(): Promise<void>;
}

export async function openMethods(config: BenchConfig): Promise<Methods> {
  const engine = await DvarEngine.open(config.pack, { threads: config.threads });
  const tfjsBackend = await initTfjs(config.threads);
  // tfjs-wasm has no multithreading under Node (no pthread workers): it reports 1 thread there.
  const tfjsThreads = tfjsBackend === 'wasm' ? ((await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount?.() ?? 1) : 1;
  const peers = [lanczos3(config.threads)];
  for (const size of config.peers) peers.push(await loadEsrgan(size, config.threads));
  return { engine, peers, tfjsBackend, tfjsThreads, close: () => engine.close() };
}
