// The progress line on stderr: a redrawn bar on terminals, occasional plain lines in logs and pipes.
// Throttled, because the engine emits an event per scale per tile and terminals are slow.
import { basename } from 'node:path';
import type { ScaleEvent } from '../engine/definitions.ts';
import { photoTimeLeftMs } from '../jobs/index.ts';
import { fitLine } from './progress-fit.ts';
import { stageWords } from './stage-words.ts';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressState {
  fileIndex: number;
  fileCount: number;
  input: string;
  event: ScaleEvent;
  /** The photo's whole time at this machine's remembered (or the pack's typical) speed, when known. */
  expectedMs?: number | null;
  /** The pack runs a restorer after each tile's first scale (stage-words.ts). */
  restorer?: boolean;
}

/** The bar's cells: fixed, so the line does not shift as the ETA's or the stage's words change length. */
export const BAR_CELLS = 20;

/** 4.2 s, 42 s, 3:07, 1:02:03. */
export function formatDuration(ms: number): string {
  if (ms < 9950) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** Time left for the current file: the one formula of jobs/time-left.ts on the engine's clock. */
export function etaMs(event: ScaleEvent, expectedMs: number | null = null): number | undefined {
  return photoTimeLeftMs(event.elapsedMs, event.progress, expectedMs) ?? undefined;
}

/** "tile 3/12", or "tiles 1-16/20" while a group of tiles runs its scales together (one group, not a tile that flickers). */
function tilesOf({ tileIndex, tileCount, group }: ScaleEvent): string {
  return group.last > group.first ? `tiles ${group.first + 1}-${group.last + 1}/${tileCount}` : `tile ${tileIndex + 1}/${tileCount}`;
}

function bar(fraction: number): string {
  const filled = Math.max(0, Math.min(BAR_CELLS, Math.round(fraction * BAR_CELLS)));
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)}`;
}

function parts(state: ProgressState) {
  const { event } = state;
  const eta = etaMs(event, state.expectedMs ?? null);
  return {
    counter: `[${state.fileIndex + 1}/${state.fileCount}]`,
    name: basename(state.input),
    percent: `${Math.floor(event.progress * 100)}%`,
    stage: stageWords(event, state.restorer ?? false),
    tiles: tilesOf(event),
    eta: `ETA ${eta === undefined ? '--' : formatDuration(eta)}`,
  };
}

/** One line for logs and pipes: everything, nothing cut. */
export function plainLine(state: ProgressState): string {
  const p = parts(state);
  return [`${p.counter} ${p.name}`, p.percent, p.stage, p.tiles, p.eta].join('  ');
}

/** The terminal line, at most `columns - 1` wide (a full-width line would wrap, and \r could not undo that). */
export function terminalLine(state: ProgressState, columns: number): string {
  const p = parts(state);
  return fitLine({ ...p, bar: bar(state.event.progress) }, columns - 1);
}

export class ProgressBar {
  private lastDraw = -Infinity;
  private visible = false;
  private readonly tty: boolean;
  private readonly intervalMs: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
  ) {
    this.tty = Boolean(stream.isTTY);
    // Terminals: smooth but cheap. Logs: a line every few seconds is plenty.
    this.intervalMs = this.tty ? 100 : 2000;
  }

  update(state: ProgressState): void {
    const t = this.now();
    if (t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    if (!this.tty) {
      this.stream.write(`${plainLine(state)}\n`);
      return;
    }
    // Read on every draw: the terminal may have been resized since the last one.
    this.stream.write(`\r\x1b[2K${terminalLine(state, this.stream.columns || 80)}`);
    this.visible = true;
  }

  /** Erases the bar so a normal line can be printed; the next update draws it again. */
  clear(): void {
    if (this.visible) this.stream.write('\r\x1b[2K');
    this.visible = false;
    this.lastDraw = -Infinity;
  }
}
