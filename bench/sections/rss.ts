// Peak RSS of a whole restore (engine, tiles, blended output, PNG written as the app does) in a fresh
// child process: at 24 MP of output (held whole), and at 192 MP (a 4000×3000 input at ×4, streamed
// to disk row by row), where the target is ≤ 2 GiB. The 192 MP run uses the fast pack when the bench
// has one (the default pack would take most of an hour on 2 threads); the model's own memory does not
// grow with the output, the output path's does, and that is what this run checks.
import type { BenchConfig } from '../lib/config.ts';
import { runChild } from '../lib/subprocess.ts';

interface RssRun {
  side: number;
  input: { width: number; height: number };
  output: { width: number; height: number };
  outputMP: number;
  /** Whether the output streamed to disk row by row (past 24 MP) or was held whole. */
  streamed: boolean;
  tiles: number;
  restoreSeconds: number;
  /** Restore and write together. */
  totalSeconds: number;
  fileMB: number;
  afterOpenMB: number;
  afterRestoreMB: number;
  peakMB: number;
}

export interface RssResult extends RssRun {
  /** The 192 MP run (full bench; the smoke run's stand-in is a small streamed one) and its pack. */
  large: RssRun & { pack: string };
}

/** The large run's input: 12 MP → 192 MP at ×4; the smoke bench streams a small one to cover the path. */
const LARGE_INPUT = { full: { width: 4000, height: 3000 }, smoke: { width: 48, height: 40 } };

async function run(pack: string, input: { width: number; height: number }, config: BenchConfig, streamAbove?: number): Promise<RssRun> {
  const args = ['--pack', pack, '--width', String(input.width), '--height', String(input.height), '--threads', String(config.threads)];
  if (streamAbove !== undefined) args.push('--stream-above', String(streamAbove));
  const r = await runChild<Omit<RssRun, 'outputMP'>>('rss', args, 4 * 60 * 60_000);
  return { ...r, outputMP: (r.output.width * r.output.height) / 1e6 };
}

export async function rss(config: BenchConfig): Promise<RssResult> {
  const base = await run(config.pack, { width: config.rssSide, height: config.rssSide }, config);
  const largePack = config.mode === 'full' && config.fastPack ? config.fastPack : config.pack;
  const large = config.mode === 'full' ? await run(largePack, LARGE_INPUT.full, config) : await run(largePack, LARGE_INPUT.smoke, config, 0);
  return { ...base, large: { ...large, pack: largePack } };
}
