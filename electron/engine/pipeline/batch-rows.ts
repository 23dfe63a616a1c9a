// Stacking per-tile tensors along the batch axis, so one graph call serves a group of equal-size tiles.
// Tensors here are row-major with the batch axis after `outer` leading blocks: K/V caches
// [L, B, heads, tokens, headDim] have outer = L, tokens/cond/text tensors [B, ...] have outer = 1.

/** Concatenates `parts` along the batch axis: for each of the `outer` leading blocks, part 0's block, part 1's... */
export function stackBatch(parts: Float32Array[], outer = 1): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const part of parts) {
      const block = part.length / outer;
      out.set(part.subarray(o * block, (o + 1) * block), at);
      at += block;
    }
  }
  return out;
}

/** Row `row` of a [rows, ...] tensor's data, without copying. */
export function batchRow(data: Float32Array, rows: number, row: number): Float32Array {
  const size = data.length / rows;
  return data.subarray(row * size, (row + 1) * size);
}
