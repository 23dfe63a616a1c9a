// The progress line on stderr: a redrawn bar on terminals, occasional plain lines in logs and pipes.
// Throttled, because the engine emits an event per scale per tile and terminals are slow.
import { basename } from 'node:path';
import type { ScaleEvent } from '../engine/definitions.ts';
import { photoTimeLeftMs } from '../jobs/index.ts';

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
}

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
export function etaMs(event: ScaleEvent): number | undefined {
  return photoTimeLeftMs(event.elapsedMs, event.progress) ?? undefined;
}

/** "tile 3/12", or "tiles 1-16/20" while a group of tiles runs its scales together (one group, not a tile that flickers). */
function tilesOf({ tileIndex, tileCount, group }: ScaleEvent): string {
  return group.last > group.first ? `tiles ${group.first + 1}-${group.last + 1}/${tileCount}` : `tile ${tileIndex + 1}/${tileCount}`;
}

function describe(state: ProgressState): { head: string; tail: string; fraction: number } {
  const { event } = state;
  const eta = etaMs(event);
  const head = `[${state.fileIndex + 1}/${state.fileCount}] ${basename(state.input)}`;
  const tail = [
    `${Math.floor(event.progress * 100)}%`,
    tilesOf(event),
    `scale ${event.scale}/${event.scales}`,
    `${event.tokens} ${event.tokens === 1 ? 'token' : 'tokens'}`,
    `ETA ${eta === undefined ? '--' : formatDuration(eta)}`,
  ].join('  ');
  return { head, tail, fraction: event.progress };
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
    const { head, tail, fraction } = describe(state);
    if (!this.tty) {
      this.stream.write(`${head}  ${tail}\n`);
      return;
    }
    const columns = this.stream.columns ?? 80;
    const width = Math.max(10, Math.min(30, columns - head.length - tail.length - 6));
    const filled = Math.round(fraction * width);
    let line = `${head} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${tail}`;
    if (line.length > columns - 1) line = line.slice(0, columns - 1); // never wrap: \r could not undo it
    this.stream.write(`\r\x1b[2K${line}`);
    this.visible = true;
  }

  /** Erases the bar so a normal line can be printed; the next update draws it again. */
  clear(): void {
    if (this.visible) this.stream.write('\r\x1b[2K');
    this.visible = false;
    this.lastDraw = -Infinity;
  }
}
