// The `utf8-bytes-v1` tokenizer (docs/pack-format.md): a prompt becomes its UTF-8 bytes shifted past
// three special ids. Byte-level ids need no vocabulary file and cannot disagree with the exporter.

export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
/** Byte b has id b + BYTE_OFFSET. */
export const BYTE_OFFSET = 3;

export interface EncodedPrompt {
  /** [maxTokens]: BOS, bytes + 3, EOS, then PAD. */
  ids: BigInt64Array;
  /** [maxTokens]: 1 for non-pad ids, 0 for padding. */
  mask: Float32Array;
}

const utf8 = new TextEncoder();

/**
 * Encodes a prompt for the text encoder. NFC first, so "é" typed precomposed or as e + combining accent
 * gives the same ids. Bytes beyond maxTokens − 2 are dropped (even mid-character, as the exporter does).
 * The empty prompt encodes as `[BOS, EOS, PAD, …]`, the unconditional branch of guidance.
 */
export function encodePrompt(prompt: string, maxTokens: number): EncodedPrompt {
  if (!Number.isSafeInteger(maxTokens) || maxTokens < 2) {
    throw new RangeError(`Text maxTokens must be an integer of at least 2, got ${maxTokens}.`);
  }
  const bytes = utf8.encode(prompt.normalize('NFC').trim()).subarray(0, maxTokens - 2);
  const ids = new BigInt64Array(maxTokens); // zero-filled = PAD
  const mask = new Float32Array(maxTokens);
  ids[0] = BigInt(BOS_ID);
  bytes.forEach((b, i) => {
    ids[i + 1] = BigInt(b + BYTE_OFFSET);
  });
  ids[bytes.length + 1] = BigInt(EOS_ID);
  mask.fill(1, 0, bytes.length + 2);
  return { ids, mask };
}
