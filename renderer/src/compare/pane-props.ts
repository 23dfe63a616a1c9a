// What both compare layouts (side by side, slider) take: two images, their names, one shared viewport.
import type { Viewport } from './viewport.svelte.ts';

export interface ComparePaneProps {
  before: string;
  after: string;
  /** What each side is called ("Original", a result's name). */
  beforeLabel: string;
  afterLabel: string;
  viewport: Viewport;
  loupe: boolean;
  showOriginal: boolean;
  onsize: (which: 'before' | 'after', width: number, height: number) => void;
}
