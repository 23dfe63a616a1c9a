// A valid manifest object for schema tests: the paper's schedule at d = 16, a text pack. Tests clone it
// with `exampleManifest()` and break one field at a time.

const SHA = 'ab'.repeat(32);

function graph(
  file: string,
  inputs: Array<[string, 'float32' | 'int64', Array<number | string>]>,
  outputs: Array<[string, 'float32' | 'int64', Array<number | string>]>,
) {
  const io = (list: typeof inputs) => list.map(([name, dtype, shape]) => ({ name, dtype, shape }));
  return { file, sha256: SHA, inputs: io(inputs), outputs: io(outputs) };
}

export function exampleManifest(): Record<string, any> {
  return {
    format: 'dvar-pack',
    formatVersion: 1,
    name: 'example',
    version: '1.0.0',
    description: 'Schema test pack',
    upscale: 4,
    latent: { downsample: 16, channels: 32, codebookSize: 4096 },
    schedule: { canonicalScales: [1, 2, 3, 4, 5, 6, 8, 10, 13, 16], baseResolution: 256, rounding: 'half_even' },
    phi: { count: 4, table: [0, 0, 1, 1, 1, 2, 2, 3, 3, 3] },
    transformer: { layers: 4, width: 256, heads: 4, headDim: 64, ropeFrame: 16, attention: 'prefix_current' },
    text: { tokenizer: 'utf8-bytes-v1', maxTokens: 32, width: 64 },
    decoder: { lqFusion: false },
    input: { multiple: 4, minSize: 16 },
    runtime: { bytesPerOutputPixel: 416, maxTilePixels: 65536 },
    sampling: { strategy: 'greedy', temperature: 1, topK: 0, topP: 1, cfg: 3 },
    graphs: {
      encoder: graph(
        'encoder.onnx',
        [['lq', 'float32', [1, 3, 'h', 'w']]],
        [
          ['latent', 'float32', [1, 32, 'Hl', 'Wl']],
          ['features', 'float32', [1, 128, 'Hl', 'Wl']],
        ],
      ),
      condition: graph(
        'condition.onnx',
        [
          ['target_size', 'float32', ['batch', 2]],
          ['text_pooled', 'float32', ['batch', 64]],
        ],
        [['cond', 'float32', ['batch', 256]]],
      ),
      text_encoder: graph(
        'text_encoder.onnx',
        [
          ['text_ids', 'int64', ['batch', 32]],
          ['text_mask', 'float32', ['batch', 32]],
        ],
        [
          ['context', 'float32', ['batch', 32, 64]],
          ['pooled', 'float32', ['batch', 64]],
        ],
      ),
      prefix: graph(
        'prefix.onnx',
        [
          ['features', 'float32', [1, 128, 'Hl', 'Wl']],
          ['positions', 'float32', ['tokens', 2]],
          ['cond', 'float32', ['batch', 256]],
        ],
        [
          ['prefix_k', 'float32', [4, 'batch', 4, 'tokens', 64]],
          ['prefix_v', 'float32', [4, 'batch', 4, 'tokens', 64]],
        ],
      ),
      quantize: graph(
        'quantize.onnx',
        [
          ['latent', 'float32', [1, 32, 'Hl', 'Wl']],
          ['down_h', 'float32', ['h', 'Hl']],
          ['down_w', 'float32', ['w', 'Wl']],
        ],
        [['indices', 'int64', [1, 'n']]],
      ),
      fhat_update: graph(
        'fhat_update.onnx',
        [
          ['f_hat', 'float32', [1, 32, 'Hl', 'Wl']],
          ['indices', 'int64', [1, 'n']],
          ['up_h', 'float32', ['Hl', 'h']],
          ['up_w', 'float32', ['Wl', 'w']],
          ['phi', 'int64', [1]],
        ],
        [['f_hat_out', 'float32', [1, 32, 'Hl', 'Wl']]],
      ),
      next_input: graph(
        'next_input.onnx',
        [
          ['f_hat', 'float32', [1, 32, 'Hl', 'Wl']],
          ['down_h', 'float32', ['h', 'Hl']],
          ['down_w', 'float32', ['w', 'Wl']],
        ],
        [['tokens', 'float32', [1, 'n', 32]]],
      ),
      step: graph(
        'graphs/step.onnx',
        [
          ['tokens', 'float32', ['batch', 'n', 32]],
          ['level', 'int64', [1]],
        ],
        [['logits', 'float32', ['batch', 'n', 4096]]],
      ),
      decoder: graph('decoder.onnx', [['f_hat', 'float32', [1, 32, 'Hl', 'Wl']]], [['image', 'float32', [1, 3, 'H', 'W']]]),
    },
    provenance: { created: '2026-01-01T00:00:00Z', generator: 'test', seed: null, config: { any: ['thing'] }, training: {}, metrics: {} },
  };
}
