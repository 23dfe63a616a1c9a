// RoPE positions (docs/pack-format.md): every token grid, whatever its size, is mapped onto the same
// F×F frame with cell-centred coordinates, so a token's position says where in the image it sits and
// scales of different sizes line up with each other and with the prefix.

/** Row-major [h·w, 2] positions `[(i + 0.5)·F/h, (j + 0.5)·F/w]` (row, column). */
export function ropePositions(h: number, w: number, frame: number): Float32Array {
  if (!Number.isSafeInteger(h) || !Number.isSafeInteger(w) || h < 1 || w < 1) {
    throw new RangeError(`Token grid sides must be positive integers, got ${h}×${w}.`);
  }
  if (!(frame > 0) || !Number.isFinite(frame)) throw new RangeError(`RoPE frame must be positive, got ${frame}.`);
  const out = new Float32Array(h * w * 2);
  for (let i = 0; i < h; i++) {
    const row = ((i + 0.5) * frame) / h;
    for (let j = 0; j < w; j++) {
      const t = (i * w + j) * 2;
      out[t] = row;
      out[t + 1] = ((j + 0.5) * frame) / w;
    }
  }
  return out;
}
