// A preview region around a clicked point: a square of about a quarter of the photo's shorter side
// (at least 64 pixels, never more than the photo), kept inside the photo. Small enough to restore in
// seconds, large enough to judge texture and faces.
import type { PixelRect } from '../../../electron/ipc/contract.ts';

export function regionAround(size: { width: number; height: number }, x: number, y: number): PixelRect {
  const side = Math.min(size.width, size.height, Math.max(64, Math.round(Math.min(size.width, size.height) / 4)));
  const clamp = (v: number, max: number) => Math.min(Math.max(0, Math.round(v - side / 2)), max - side);
  return { x: clamp(x, size.width), y: clamp(y, size.height), width: side, height: side };
}
