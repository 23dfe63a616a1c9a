// Text conditioning for packs that have it: the prompt and the empty prompt (the unconditional
// branch of classifier-free guidance) go through the pack's text encoder once per restore.
import type * as ort from 'onnxruntime-node';
import type { GraphSession } from '../runtime/graph-session.ts';
import { floatTensor, int64Tensor } from '../runtime/tensors.ts';
import { encodePrompt } from './text-tokens.ts';

export interface TextConditioning {
  batch: number;
  context: ort.Tensor;
  textMask: ort.Tensor;
  pooled: ort.Tensor;
}

/** With guidance the batch is [prompt, ""]; without it, just the prompt. */
export async function encodeText(textEncoder: GraphSession, prompt: string, maxTokens: number, guided: boolean): Promise<TextConditioning> {
  const prompts = guided ? [prompt, ''] : [prompt];
  const ids = new BigInt64Array(prompts.length * maxTokens);
  const mask = new Float32Array(prompts.length * maxTokens);
  prompts.forEach((p, row) => {
    const encoded = encodePrompt(p, maxTokens);
    ids.set(encoded.ids, row * maxTokens);
    mask.set(encoded.mask, row * maxTokens);
  });
  const textMask = floatTensor(mask, [prompts.length, maxTokens]);
  const out = await textEncoder.run({ text_ids: int64Tensor(ids, [prompts.length, maxTokens]), text_mask: textMask });
  return { batch: prompts.length, context: out.context!, textMask, pooled: out.pooled! };
}
