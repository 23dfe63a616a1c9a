// Zoom and pan shared by every pane of the compare view, in one coordinate frame: the restored
// image's pixels. Panes render with CSS transforms only, so a 12 MP image is never re-encoded.
const MAX_ZOOM = 32;

export type CompareMode = 'slider' | 'side';

export class Viewport {
  /** Screen (CSS) pixels per content pixel, and the content's top-left corner on screen. */
  zoom = $state(1);
  x = $state(0);
  y = $state(0);
  width = $state(0);
  height = $state(0);
  contentWidth = $state(0);
  contentHeight = $state(0);
  fitted = $state(true);

  get ready(): boolean {
    return this.contentWidth > 0 && this.width > 0;
  }

  get fitZoom(): number {
    if (!this.contentWidth || !this.contentHeight) return 1;
    return Math.min(this.width / this.contentWidth, this.height / this.contentHeight);
  }

  /** Zoom such that one content pixel covers one device pixel. */
  get actualZoom(): number {
    return 1 / (window.devicePixelRatio || 1);
  }

  /**
   * The one sampling rule of every image in the compare view (layers and loupe): at 2 or more device
   * pixels per frame pixel, nearest neighbour, so the original and the result are magnified alike.
   */
  get pixelated(): boolean {
    return this.zoom * (window.devicePixelRatio || 1) >= 2;
  }

  get transform(): string {
    return `translate(${this.x}px, ${this.y}px) scale(${this.zoom})`;
  }

  setContent(width: number, height: number): void {
    if (width === this.contentWidth && height === this.contentHeight) return;
    this.contentWidth = width;
    this.contentHeight = height;
    this.fit();
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    if (this.fitted) this.fit();
    else this.#clamp();
  }

  fit(): void {
    this.zoom = this.fitZoom;
    this.x = (this.width - this.contentWidth * this.zoom) / 2;
    this.y = (this.height - this.contentHeight * this.zoom) / 2;
    this.fitted = true;
  }

  /** Zooms keeping the content point under (cx, cy) where it is. */
  zoomTo(zoom: number, cx = this.width / 2, cy = this.height / 2): void {
    const next = Math.min(MAX_ZOOM, Math.max(Math.min(this.fitZoom, this.actualZoom) / 2, zoom));
    this.x = cx - ((cx - this.x) * next) / this.zoom;
    this.y = cy - ((cy - this.y) * next) / this.zoom;
    this.zoom = next;
    this.fitted = false;
    this.#clamp();
  }

  zoomBy(factor: number, cx?: number, cy?: number): void {
    this.zoomTo(this.zoom * factor, cx, cy);
  }

  /** Fit ↔ 1:1 pixels, the Lightroom "Z" toggle. */
  toggleActual(cx?: number, cy?: number): void {
    if (this.fitted || Math.abs(this.zoom - this.actualZoom) > 1e-6) this.zoomTo(this.actualZoom, cx, cy);
    else this.fit();
  }

  panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
    this.fitted = false;
    this.#clamp();
  }

  /** Content coordinates of a screen point. */
  toContent(px: number, py: number): { x: number; y: number } {
    return { x: (px - this.x) / this.zoom, y: (py - this.y) / this.zoom };
  }

  /** Smaller than the pane: centred; larger: no empty gap at any edge. */
  #clamp(): void {
    const w = this.contentWidth * this.zoom;
    const h = this.contentHeight * this.zoom;
    this.x = w <= this.width ? (this.width - w) / 2 : Math.min(0, Math.max(this.width - w, this.x));
    this.y = h <= this.height ? (this.height - h) / 2 : Math.min(0, Math.max(this.height - h, this.y));
  }
}
