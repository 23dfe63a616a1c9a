// Peak RSS of a whole restore (engine, tiles, blended output, PNG encode) in a fresh child process.
import type { BenchConfig } from '../lib/config.ts';
import { runChild } from '../lib/subprocess.ts';

export interface RssResult {
  side: number;
  output: { width: number; height: number };
  outputMP: number;
  tiles: number;
  restoreSeconds: number;
  afterOpenMB: number;
  afterRestoreMB: number;
  peakMB: number;
}

export async function rss(config: BenchConfig): Promise<RssResult> {
  const args = ['--pack', config.pack, '--side', String(config.rssSide), '--threads', String(config.threads)];
  const r = await runChild<Omit<RssResult, 'outputMP'>>('rss', args, 4 * 60 * 60_000);
  return { ...r, outputMP: (r.output.width * r.output.height) / 1e6 };
}
