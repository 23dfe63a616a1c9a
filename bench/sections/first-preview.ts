// Time to first preview on a large photo: from the restore() call to the first ScaleEvent with a
// preview, in a child process that exits right there.
import type { BenchConfig } from '../lib/config.ts';
import { runChild } from '../lib/subprocess.ts';

export interface FirstPreviewResult {
  width: number;
  height: number;
  inputMP: number;
  openMs: number;
  decodeMs: number;
  firstPreviewMs: number;
  eventElapsedMs: number;
  scale: number;
  tileCount: number;
  peakRssMB: number;
}

export async function firstPreview(config: BenchConfig): Promise<FirstPreviewResult> {
  const { width, height } = config.previewSize;
  const args = ['--pack', config.pack, '--width', String(width), '--height', String(height), '--threads', String(config.threads)];
  const r = await runChild<Omit<FirstPreviewResult, 'inputMP'>>('first-preview', args, 30 * 60_000);
  return { ...r, inputMP: (width * height) / 1e6 };
}
