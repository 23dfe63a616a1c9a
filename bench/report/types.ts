// bench/results/report.json: every section's result, or the error that stopped it.
import type { EfficiencyResult } from '../sections/efficiency.ts';
import type { FirstPreviewResult } from '../sections/first-preview.ts';
import type { Int8Result } from '../sections/int8.ts';
import type { QualityResult } from '../sections/quality.ts';
import type { RssResult } from '../sections/rss.ts';
import type { ScalingResult } from '../sections/scaling.ts';
import type { SpeedResult } from '../sections/speed.ts';

export interface BenchMeta {
  date: string;
  mode: 'full' | 'smoke';
  quickRss: boolean;
  threads: number;
  pack: string;
  packName: string;
  cpu: string;
  node: string;
  onnxruntime: string;
  commit: string | null;
  seconds: number;
}

// Quality runs first: a peer that exhausts TensorFlow.js's WASM memory on a large speed input can
// leave that backend unusable for the rest of the process.
export const SECTIONS = ['quality', 'speed', 'scaling', 'efficiency', 'firstPreview', 'rss', 'int8'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface BenchReport {
  meta: BenchMeta;
  speed?: SpeedResult;
  scaling?: ScalingResult;
  efficiency?: EfficiencyResult;
  firstPreview?: FirstPreviewResult;
  rss?: RssResult;
  quality?: QualityResult;
  int8?: Int8Result;
  /** Sections that threw, with the message. */
  errors: Partial<Record<SectionName, string>>;
  targets: Target[];
  plots: string[];
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  status: 'PASS' | 'MISS' | 'n/a';
}
