// The attention cache handed to every `step`: the prefix K/V (computed once per tile) and, for
// block-causal packs, the K/V of every scale generated so far. Layout [L, B, heads, tokens, headDim].
import type * as ort from 'onnxruntime-node';
import { floatTensor } from '../runtime/tensors.ts';

export class KvCache {
  private k: Float32Array;
  private v: Float32Array;
  private tokens: number;

  constructor(
    private readonly layers: number,
    private readonly batch: number,
    private readonly heads: number,
    private readonly headDim: number,
    prefixK: Float32Array,
    prefixV: Float32Array,
    prefixTokens: number,
  ) {
    this.k = prefixK;
    this.v = prefixV;
    this.tokens = prefixTokens;
  }

  get length(): number {
    return this.tokens;
  }

  tensors(): { past_k: ort.Tensor; past_v: ort.Tensor } {
    const dims = [this.layers, this.batch, this.heads, this.tokens, this.headDim];
    return { past_k: floatTensor(this.k, dims), past_v: floatTensor(this.v, dims) };
  }

  /** Appends `n` new tokens' K/V (same layout) after the cached ones, per layer, batch row and head. */
  append(newK: Float32Array, newV: Float32Array, n: number): void {
    this.k = this.concat(this.k, newK, n);
    this.v = this.concat(this.v, newV, n);
    this.tokens += n;
  }

  private concat(old: Float32Array, added: Float32Array, n: number): Float32Array {
    const blocks = this.layers * this.batch * this.heads;
    const oldBlock = this.tokens * this.headDim;
    const newBlock = n * this.headDim;
    const out = new Float32Array(blocks * (oldBlock + newBlock));
    for (let i = 0; i < blocks; i++) {
      const at = i * (oldBlock + newBlock);
      out.set(old.subarray(i * oldBlock, (i + 1) * oldBlock), at);
      out.set(added.subarray(i * newBlock, (i + 1) * newBlock), at + oldBlock);
    }
    return out;
  }
}
