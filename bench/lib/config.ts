// What one benchmark run measures, at full size (`npm run bench`) or tiny (`--smoke`, part of `npm test`).
import { DEFAULT_PACK_DIR } from '../../electron/engine/index.ts';
import type { DevListId } from './dev-lists.ts';
import type { PeerName } from './methods.ts';
import { REPO_ROOT, TINY_PACK } from '../../test/helpers/fixtures.ts';
import { join } from 'node:path';

export type MatmulShape = [m: number, k: number, n: number];

export interface BenchConfig {
  mode: 'full' | 'smoke';
  pack: string;
  threads: number;
  /** Best of this many runs per speed figure. */
  repeat: number;
  /** LQ sides of the speed comparison (outputs are 4× per side: 125 → 0.25 MP, 250 → 1 MP, 500 → 4 MP). */
  speedSides: number[];
  /**
   * Peers besides lanczos3; `x4plus` is Real-ESRGAN x4plus on onnxruntime (the peer the default pack is measured against),
   * `x4plus-ncnn` the same model on ncnn's CPU path (speed section only).
   */
  peers: PeerName[];
  /** The previous default pack, scored in the quality section as `dvar-fast`; skipped when missing. */
  fastPack: string | null;
  /** LQ sides of the time-vs-pixels fit. */
  scalingSides: number[];
  /** LQ size of the time-to-first-preview photo (4000×3000 = 12 MP). */
  previewSize: { width: number; height: number };
  /** LQ side of the peak-RSS run (1225 → 4900×4900 = 24 MP output). */
  rssSide: number;
  efficiencySide: number;
  matmulShapes: MatmulShape[];
  /**
   * Each dev list's pairs from `dev_images dump --list <id>` (dumped there when missing); null: two
   * synthetic stand-in lists in the output folder.
   */
  qualityDirs: Record<DevListId, string> | null;
  /** The int8 table (sections/int8.ts): packs, timed LQ side, replay rounds, dev pairs. */
  int8: { packs: string[]; side: number; rounds: number; pairs: number; syntheticCalibration: boolean };
}

export function fullConfig(pack = DEFAULT_PACK_DIR, quickRss = false): BenchConfig {
  return {
    mode: 'full',
    pack,
    threads: 2,
    repeat: 3,
    speedSides: [125, 250, 500],
    peers: ['slim', 'medium', 'thick', 'x4plus', 'x4plus-ncnn'],
    fastPack: join(REPO_ROOT, 'models', 'packs', 'fast'),
    scalingSides: [64, 128, 192, 256, 384, 512],
    previewSize: { width: 4000, height: 3000 },
    rssSide: quickRss ? 250 : 1225,
    efficiencySide: 250,
    matmulShapes: [
      [1024, 1024, 1024],
      [2048, 2048, 2048],
      [2048, 256, 1024],
      [2048, 1024, 256],
    ],
    qualityDirs: {
      dev: join(REPO_ROOT, 'models', 'runs', 'dev-images'),
      dev2: join(REPO_ROOT, 'models', 'runs', 'dev-images-2'),
      dev3: join(REPO_ROOT, 'models', 'runs', 'dev-images-3'),
    },
    int8: { packs: [pack, join(REPO_ROOT, 'models', 'packs', 'fast')], side: 96, rounds: 7, pairs: 6, syntheticCalibration: false },
  };
}

export function smokeConfig(pack = TINY_PACK): BenchConfig {
  return {
    mode: 'smoke',
    pack,
    threads: 2,
    repeat: 1,
    speedSides: [16, 24, 32],
    // x4plus at these sizes is one tile of a few GFLOP: it keeps the real peer's path covered.
    peers: ['slim', 'x4plus', 'x4plus-ncnn'],
    // The fixture pack stands in for the fast pack, so the `dvar-fast` path is covered too.
    fastPack: pack,
    scalingSides: [16, 20, 24, 28, 32, 40],
    previewSize: { width: 64, height: 48 },
    rssSide: 32,
    efficiencySide: 24,
    matmulShapes: [
      [64, 64, 64],
      [128, 128, 128],
    ],
    qualityDirs: null,
    int8: { packs: [pack], side: 16, rounds: 1, pairs: 2, syntheticCalibration: true },
  };
}
