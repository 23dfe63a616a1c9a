import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../electron/engine/pack/manifest-schema.ts';
import { DvarError } from '../../../electron/engine/errors.ts';
import { TINY_PACK, TINY_TEXT_PACK } from '../../helpers/fixtures.ts';
import { exampleManifest } from './example-manifest.ts';

const FILE = '/x/manifest.json';

/** Applies `edit` to a fresh example and returns the error sentence parseManifest throws. */
function errorFor(edit: (m: Record<string, any>) => void): string {
  const m = exampleManifest();
  edit(m);
  try {
    parseManifest(m, FILE);
  } catch (error) {
    assert.ok(error instanceof DvarError, `not a DvarError: ${String(error)}`);
    assert.equal(error.code, 'PACK_INVALID');
    return error.message;
  }
  assert.fail('the manifest was accepted');
}

const sentence = (field: string, problem: string) => `Model pack manifest ${FILE} is invalid: field "${field}" ${problem}.`;

test('the example manifest parses, keeping provenance and lower-casing digests', () => {
  const m = exampleManifest();
  m.graphs.decoder.sha256 = 'AB'.repeat(32);
  const parsed = parseManifest(m, FILE);
  assert.equal(parsed.latent.codebookSize, 4096);
  assert.equal(parsed.text?.maxTokens, 32);
  assert.equal(parsed.graphs.decoder.sha256, 'ab'.repeat(32));
  assert.deepEqual(parsed.graphs.step.inputs[0]!.shape, ['batch', 'n', 32]);
  assert.deepEqual(parsed.provenance?.config, { any: ['thing'] });
});

test('a pack without text needs no text_encoder; provenance is optional', () => {
  const m = exampleManifest();
  m.text = null;
  delete m.graphs.text_encoder;
  delete m.provenance;
  const parsed = parseManifest(m, FILE);
  assert.equal(parsed.text, null);
  assert.equal(parsed.graphs.text_encoder, undefined);
  assert.ok(!('text_encoder' in parsed.graphs));
});

test('the committed fixture packs parse', () => {
  for (const dir of [TINY_PACK, TINY_TEXT_PACK]) {
    const file = join(dir, 'manifest.json');
    const parsed = parseManifest(JSON.parse(readFileSync(file, 'utf8')), file);
    assert.equal(parsed.format, 'dvar-pack');
  }
});

test('each kind of error is one sentence naming the file and the first bad field', () => {
  const cases: Array<[(m: Record<string, any>) => void, string, string]> = [
    [(m) => (m.format = 'other'), 'format', 'must be "dvar-pack"'],
    [(m) => (m.formatVersion = 2), 'formatVersion', 'must be 1 (the only format version this app reads)'],
    [(m) => delete m.name, 'name', 'is missing'],
    [(m) => (m.name = ''), 'name', 'must be a non-empty string'],
    [(m) => (m.latent.codebookSize = 0), 'latent.codebookSize', 'must be a positive integer'],
    [(m) => (m.latent.codebookSize = 40.5), 'latent.codebookSize', 'must be a positive integer'],
    [(m) => (m.latent.codebookSize = '4096'), 'latent.codebookSize', 'must be a positive integer'],
    [(m) => delete m.latent, 'latent', 'is missing'],
    [(m) => (m.latent = []), 'latent', 'must be an object'],
    [(m) => (m.schedule.canonicalScales = []), 'schedule.canonicalScales', 'must be a non-empty array'],
    [(m) => (m.schedule.canonicalScales = [1, 2, 2, 16]), 'schedule.canonicalScales[2]', 'must be greater than the entry before it'],
    [(m) => (m.schedule.canonicalScales[0] = -1), 'schedule.canonicalScales[0]', 'must be a positive integer'],
    [(m) => (m.schedule.baseResolution = 128), 'schedule.baseResolution', 'must equal the last canonical scale times latent.downsample (256)'],
    [(m) => (m.schedule.rounding = 'half_up'), 'schedule.rounding', 'must be "half_even"'],
    [(m) => m.phi.table.pop(), 'phi.table', 'must have 10 entries, one per canonical scale'],
    [(m) => (m.phi.table[4] = 4), 'phi.table[4]', 'must be below phi.count (4)'],
    [(m) => (m.transformer.attention = 'full'), 'transformer.attention', 'must be "prefix_current" or "block_causal"'],
    [(m) => (m.transformer.ropeFrame = 0), 'transformer.ropeFrame', 'must be a positive number'],
    [(m) => (m.text = 'yes'), 'text', 'must be null or an object'],
    [(m) => delete m.text, 'text', 'is missing'],
    [(m) => (m.text.maxTokens = 1), 'text.maxTokens', 'must be an integer of at least 2'],
    [(m) => (m.text.tokenizer = 'bpe'), 'text.tokenizer', 'must be "utf8-bytes-v1"'],
    [(m) => (m.decoder.lqFusion = 'no'), 'decoder.lqFusion', 'must be true or false'],
    [(m) => (m.input.multiple = 2), 'input.multiple', 'must equal latent.downsample / upscale (4)'],
    [(m) => (m.upscale = 3), 'latent.downsample', 'must be a multiple of upscale (3)'],
    [(m) => (m.runtime.maxTilePixels = -5), 'runtime.maxTilePixels', 'must be a positive integer'],
    [(m) => (m.sampling.strategy = 'beam'), 'sampling.strategy', 'must be "greedy" or "sample"'],
    [(m) => (m.sampling.topP = 0), 'sampling.topP', 'must be a number in (0, 1]'],
    [(m) => (m.sampling.topP = 1.5), 'sampling.topP', 'must be a number in (0, 1]'],
    [(m) => (m.sampling.topK = -1), 'sampling.topK', 'must be a non-negative integer'],
    [(m) => (m.sampling.cfg = -1), 'sampling.cfg', 'must be a non-negative number'],
    [(m) => delete m.graphs.decoder, 'graphs.decoder', 'is missing'],
    [(m) => delete m.graphs.text_encoder, 'graphs.text_encoder', 'is missing, but the pack declares text conditioning'],
    [(m) => (m.graphs.step.file = '../step.onnx'), 'graphs.step.file', 'must be a relative path inside the pack folder'],
    [(m) => (m.graphs.step.file = 'a/../../step.onnx'), 'graphs.step.file', 'must be a relative path inside the pack folder'],
    [(m) => (m.graphs.step.file = '/abs/step.onnx'), 'graphs.step.file', 'must be a relative path inside the pack folder'],
    [(m) => (m.graphs.step.file = 'C:\\step.onnx'), 'graphs.step.file', 'must be a relative path inside the pack folder'],
    [(m) => (m.graphs.encoder.sha256 = 'abc'), 'graphs.encoder.sha256', 'must be 64 hexadecimal digits'],
    [(m) => (m.graphs.encoder.sha256 = 'zz'.repeat(32)), 'graphs.encoder.sha256', 'must be 64 hexadecimal digits'],
    [(m) => (m.graphs.quantize.outputs[0].dtype = 'float16'), 'graphs.quantize.outputs[0].dtype', 'must be "float32" or "int64"'],
    [(m) => (m.graphs.quantize.inputs[1].shape = ['h', -1]), 'graphs.quantize.inputs[1].shape[1]', 'must be a non-negative integer or an axis name'],
    [(m) => (m.graphs.quantize.inputs[1].shape = ['h', '']), 'graphs.quantize.inputs[1].shape[1]', 'must be a non-negative integer or an axis name'],
    [(m) => (m.graphs.quantize.inputs[1].shape = [null]), 'graphs.quantize.inputs[1].shape[0]', 'must be a non-negative integer or an axis name'],
    [(m) => (m.graphs.quantize.inputs[1].shape = 'h,w'), 'graphs.quantize.inputs[1].shape', 'must be an array'],
    [(m) => (m.graphs.quantize.inputs = undefined), 'graphs.quantize.inputs', 'is missing'],
    [(m) => (m.provenance = 'today'), 'provenance', 'must be an object'],
  ];
  for (const [edit, field, problem] of cases) {
    assert.equal(errorFor(edit), sentence(field, problem));
  }
});

test('the first offending field is reported when several are wrong', () => {
  const message = errorFor((m) => {
    m.latent.codebookSize = 0;
    m.sampling.topP = 7;
  });
  assert.equal(message, sentence('latent.codebookSize', 'must be a positive integer'));
});

test('a manifest that is not an object is named in one sentence', () => {
  for (const value of [null, [], 'dvar-pack', 3]) {
    assert.throws(
      () => parseManifest(value, FILE),
      (e: unknown) =>
        e instanceof DvarError && e.code === 'PACK_INVALID' && e.message === `Model pack manifest ${FILE} is invalid: it must hold a JSON object.`,
    );
  }
});

test('fidelityGuardLevels defaults to 5 and must be 1 to 8; bottomContext must be a multiple of input.multiple', () => {
  assert.equal(parseManifest(exampleManifest(), FILE).fidelityGuardLevels, 5);
  assert.equal(
    errorFor((m) => {
      m.fidelityGuardLevels = 0;
    }),
    sentence('fidelityGuardLevels', 'must be an integer from 1 to 8'),
  );
  assert.equal(
    errorFor((m) => {
      m.fidelityGuardLevels = 9;
    }),
    sentence('fidelityGuardLevels', 'must be an integer from 1 to 8'),
  );
  assert.match(
    errorFor((m) => {
      m.runtime.bottomContext = m.input.multiple + 1;
    }),
    /runtime\.bottomContext" must be a multiple of input\.multiple/,
  );
});

test('a restorer is optional and, when declared, needs its graph and says whose it is', () => {
  assert.equal(parseManifest(exampleManifest(), FILE).restorer, null);
  const withRestorer = (m: Record<string, any>) => {
    m.restorer = { name: 'Real-ESRGAN x4plus', licence: 'BSD-3-Clause', credit: 'Xintao Wang et al.' };
    m.graphs.restorer = { ...m.graphs.decoder, file: 'restorer.onnx' };
  };
  const m = exampleManifest();
  withRestorer(m);
  assert.equal(parseManifest(m, FILE).restorer?.licence, 'BSD-3-Clause');
  assert.equal(
    errorFor((x) => {
      withRestorer(x);
      delete x.graphs.restorer;
    }),
    sentence('graphs.restorer', 'is missing, but the pack declares a restorer'),
  );
  assert.equal(
    errorFor((x) => {
      withRestorer(x);
      x.restorer.licence = '';
    }),
    sentence('restorer.licence', 'must be a non-empty string'),
  );
  assert.equal(parseManifest(m, FILE).restorer?.lumaDetailGain, null);
  m.restorer.lumaDetailGain = { gain: 1.3, levels: 4 };
  assert.deepEqual(parseManifest(m, FILE).restorer?.lumaDetailGain, { gain: 1.3, levels: 4 });
  assert.equal(
    errorFor((x) => {
      withRestorer(x);
      x.restorer.lumaDetailGain = { gain: 3, levels: 4 };
    }),
    sentence('restorer.lumaDetailGain.gain', 'must be a number from 0.5 to 2'),
  );
  assert.equal(
    errorFor((x) => {
      withRestorer(x);
      x.restorer.lumaDetailGain = { gain: 1.2, levels: 0 };
    }),
    sentence('restorer.lumaDetailGain.levels', 'must be an integer from 1 to 8'),
  );
  assert.equal(parseManifest(m, FILE).restorer?.detailBandWeights, null);
  m.restorer.detailBandWeights = [0, 0, 1.5, -0.5, 1];
  assert.deepEqual(parseManifest(m, FILE).restorer?.detailBandWeights, [0, 0, 1.5, -0.5, 1]);
  assert.equal(
    errorFor((x) => {
      withRestorer(x);
      x.restorer.detailBandWeights = [];
    }),
    sentence('restorer.detailBandWeights', 'must be 1 to 8 numbers'),
  );
  assert.equal(
    errorFor((x) => {
      withRestorer(x);
      x.restorer.detailBandWeights = [0, 9];
    }),
    sentence('restorer.detailBandWeights[1]', 'must be a number from -8 to 8'),
  );
});

test('runtime.tokenResolution is optional, "full" or "half", and "half" needs a restorer and context rows that halve', () => {
  assert.equal(parseManifest(exampleManifest(), FILE).runtime.tokenResolution, undefined);
  const withRestorer = (m: Record<string, any>) => {
    m.restorer = { name: 'Real-ESRGAN x4plus', licence: 'BSD-3-Clause', credit: 'Xintao Wang et al.' };
    m.graphs.restorer = { ...m.graphs.decoder, file: 'restorer.onnx' };
    m.runtime.bottomContext = 2 * m.input.multiple;
  };
  const m = exampleManifest();
  withRestorer(m);
  m.runtime.tokenResolution = 'half';
  assert.equal(parseManifest(m, FILE).runtime.tokenResolution, 'half');
  assert.equal(
    errorFor((x) => {
      x.runtime.tokenResolution = 'quarter';
    }),
    sentence('runtime.tokenResolution', 'must be "full" or "half"'),
  );
  assert.equal(
    errorFor((x) => {
      x.runtime.tokenResolution = 'half';
    }),
    sentence('runtime.tokenResolution', 'can be "half" only in a pack with a restorer'),
  );
  assert.match(
    errorFor((x) => {
      withRestorer(x);
      x.runtime.bottomContext = x.input.multiple;
      x.runtime.tokenResolution = 'half';
    }),
    /runtime\.bottomContext" must be a multiple of 2 × input\.multiple/,
  );
});

test('a graph may say how it was made int8; static QDQ graphs must say what they were calibrated on', () => {
  assert.equal(parseManifest(exampleManifest(), FILE).graphs.step.quantization, undefined);
  const float32Sha256 = 'CD'.repeat(32);
  const m = exampleManifest();
  m.graphs.step.quantization = { scheme: 'dynamic_int8_matmul', calibration: null, float32Sha256 };
  m.graphs.encoder.quantization = { scheme: 'static_int8_qdq', calibration: '8 training crops', float32Sha256 };
  m.graphs.decoder.quantization = null;
  const parsed = parseManifest(m, FILE);
  assert.deepEqual(parsed.graphs.step.quantization, { scheme: 'dynamic_int8_matmul', calibration: null, float32Sha256: 'cd'.repeat(32) });
  assert.equal(parsed.graphs.encoder.quantization?.calibration, '8 training crops');
  assert.equal(parsed.graphs.decoder.quantization, null);
  const int8 = (q: Record<string, unknown>) => (x: Record<string, any>) => {
    x.graphs.encoder.quantization = { scheme: 'static_int8_qdq', calibration: 'crops', float32Sha256, ...q };
  };
  assert.equal(
    errorFor(int8({ calibration: null })),
    sentence('graphs.encoder.quantization.calibration', 'must say what a static_int8_qdq graph was calibrated on'),
  );
  assert.equal(errorFor(int8({ scheme: 'int4' })), sentence('graphs.encoder.quantization.scheme', 'must be "dynamic_int8_matmul" or "static_int8_qdq"'));
  assert.equal(errorFor(int8({ float32Sha256: 'x' })), sentence('graphs.encoder.quantization.float32Sha256', 'must be 64 hexadecimal digits'));
});
