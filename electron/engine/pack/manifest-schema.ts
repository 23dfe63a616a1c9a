// Validator of a pack's manifest.json (docs/pack-format.md is the contract; models/dvar/pack/export.py
// writes it). Everything the engine would otherwise have to guess is checked here, so a bad pack is
// refused at load time with one sentence naming the file and the first offending field, instead of
// failing later inside a graph run.

import { z } from 'zod';
import { DvarError } from '../errors.ts';
import { DEFAULT_WAVELET_LEVELS, FIDELITY_GUARDS } from '../pipeline/fidelity-guard.ts';
import { DETAIL_SPACES } from '../pipeline/detail-transfer.ts';
import { TOKEN_RESOLUTIONS } from '../types.ts';

/** Error text for a field: "is missing" when absent, otherwise "must be <what>". */
function must(what: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : `must be ${what}`) };
}

const positiveInt = () => z.int(must('a positive integer')).min(1, must('a positive integer'));
const nonNegativeInt = () => z.int(must('a non-negative integer')).min(0, must('a non-negative integer'));
const positiveNumber = () => z.number(must('a positive number')).gt(0, must('a positive number'));
const nonEmptyString = () => z.string(must('a non-empty string')).min(1, must('a non-empty string'));
const object = <T extends z.ZodRawShape>(shape: T) => z.object(shape, must('an object'));

/** Graph files live inside the pack folder: relative, no `..` segment, no drive or root. */
const relativeFile = nonEmptyString().refine(
  (p) => !/^([\\/]|[A-Za-z]:)/.test(p) && !p.split(/[\\/]/).includes('..'),
  must('a relative path inside the pack folder'),
);

// ONNX dims: a fixed size, or the name of a dynamic axis.
const DIMENSION = 'a non-negative integer or an axis name';
const dimension = z.union([z.int(must(DIMENSION)).min(0, must(DIMENSION)), z.string(must(DIMENSION)).min(1, must(DIMENSION))], must(DIMENSION));

const tensorSpec = object({
  name: nonEmptyString(),
  dtype: z.enum(['float32', 'int64'], must('"float32" or "int64"')),
  shape: z.array(dimension, must('an array')),
});

const sha256 = () =>
  z
    .string(must('64 hexadecimal digits'))
    .regex(/^[0-9a-fA-F]{64}$/, must('64 hexadecimal digits'))
    .transform((s) => s.toLowerCase());

/** External-data files graphs reference (weights shared by the prefix and step graphs). */
const dataFileSpec = object({ file: relativeFile, sha256: sha256() });

/**
 * How a graph was made int8 (dvar.quantize.int8_pack), for the record: the engine runs it like any graph
 * (float32 in and out). Static QDQ graphs were calibrated, so they say on what; dynamic ones were not.
 */
const quantizationSpec = object({
  scheme: z.enum(['dynamic_int8_matmul', 'static_int8_qdq'], must('"dynamic_int8_matmul" or "static_int8_qdq"')),
  calibration: z.string(must('a string or null')).min(1, must('a non-empty string or null')).nullable(),
  float32Sha256: sha256(),
}).superRefine((q, ctx) => {
  if (q.scheme === 'static_int8_qdq' && q.calibration === null) {
    ctx.addIssue({ code: 'custom', path: ['calibration'], message: 'must say what a static_int8_qdq graph was calibrated on' });
  }
});

const graphSpec = object({
  file: relativeFile,
  sha256: sha256(),
  inputs: z.array(tensorSpec, must('an array')),
  outputs: z.array(tensorSpec, must('an array')),
  /** Absent or null: a float32 graph. */
  quantization: quantizationSpec.nullable().optional(),
});

/** Required graphs; `text_encoder` is required too when the pack conditions on text (checked below). */
const graphsSchema = object({
  encoder: graphSpec,
  condition: graphSpec,
  text_encoder: graphSpec.optional(),
  prefix: graphSpec,
  quantize: graphSpec,
  fhat_update: graphSpec,
  next_input: graphSpec,
  step: graphSpec,
  decoder: graphSpec,
  restorer: graphSpec.optional(),
});

const canonicalScales = z
  .array(positiveInt(), must('an array of positive integers'))
  .min(1, must('a non-empty array'))
  .superRefine((scales, ctx) => {
    for (let i = 1; i < scales.length; i++) {
      if (scales[i]! <= scales[i - 1]!) {
        ctx.addIssue({ code: 'custom', path: [i], message: 'must be greater than the entry before it' });
        return;
      }
    }
  });

export const packManifestSchema = object({
  format: z.literal('dvar-pack', must('"dvar-pack"')),
  formatVersion: z.literal(1, must('1 (the only format version this app reads)')),
  name: nonEmptyString(),
  version: nonEmptyString(),
  description: z.string(must('a string')),
  upscale: positiveInt(),
  latent: object({
    downsample: positiveInt(),
    channels: positiveInt(),
    codebookSize: positiveInt(),
  }),
  schedule: object({
    canonicalScales,
    baseResolution: positiveInt(),
    rounding: z.literal('half_even', must('"half_even"')),
  }),
  phi: object({
    count: positiveInt(),
    table: z.array(nonNegativeInt(), must('an array of non-negative integers')),
  }),
  transformer: object({
    layers: positiveInt(),
    width: positiveInt(),
    heads: positiveInt(),
    headDim: positiveInt(),
    ropeFrame: positiveNumber(),
    attention: z.enum(['prefix_current', 'block_causal'], must('"prefix_current" or "block_causal"')),
  }),
  text: z
    .object(
      {
        tokenizer: z.literal('utf8-bytes-v1', must('"utf8-bytes-v1"')),
        // BOS and EOS alone take two positions.
        maxTokens: z.int(must('an integer of at least 2')).min(2, must('an integer of at least 2')),
        width: positiveInt(),
      },
      must('null or an object'),
    )
    .nullable(),
  decoder: object({
    lqFusion: z.boolean(must('true or false')),
  }),
  /**
   * Optional restoration branch (docs/pack-format.md, "Restoration branch"): a network run on each LQ tile
   * whose ×upscale output the encoder and the decoder's fusion read instead of a bicubic upscale.
   */
  restorer: z
    .object(
      {
        name: nonEmptyString(),
        licence: nonEmptyString(),
        credit: nonEmptyString(),
        // 0: the decoder's image as is; L > 0: the restorer's detail over the decoder's L-level low-pass.
        detailLevels: z.int(must('an integer from 0 to 8')).min(0, must('an integer from 0 to 8')).max(8, must('an integer from 0 to 8')).default(0),
        // Which channels take the decoder's coarse bands: all three, or luma alone (colour stays the restorer's).
        detailIn: z.enum(DETAIL_SPACES, must('"rgb" or "luma"')).default('rgb'),
        // Instead of detailLevels: weight j of the decoder's luma band j (à-trous, low_j − low_j+1) added to the
        // restorer's image: restored + Σ w_j band_j(Y(decoded) − Y(restored)); fitted on the dev lists.
        detailBandWeights: z
          .array(
            z.number(must('a number from -8 to 8')).min(-8, must('a number from -8 to 8')).max(8, must('a number from -8 to 8')),
            must('a list of numbers'),
          )
          .min(1, must('1 to 8 numbers'))
          .max(8, must('1 to 8 numbers'))
          .nullable()
          .default(null),
        // The tile's luma bands finer than `levels` times `gain` (luma-detail-gain.ts); absent: unchanged.
        lumaDetailGain: z
          .object(
            {
              gain: z.number(must('a number from 0.5 to 2')).min(0.5, must('a number from 0.5 to 2')).max(2, must('a number from 0.5 to 2')),
              levels: z.int(must('an integer from 1 to 8')).min(1, must('an integer from 1 to 8')).max(8, must('an integer from 1 to 8')),
            },
            must('null or an object'),
          )
          .nullable()
          .default(null),
      },
      must('null or an object'),
    )
    .nullable()
    .default(null),
  input: object({
    multiple: positiveInt(),
    minSize: positiveInt(),
  }),
  runtime: object({
    bytesPerOutputPixel: positiveNumber(),
    maxTilePixels: positiveInt(),
    // Rows of image below each tile that the model runs on and the engine crops away (default 0).
    bottomContext: nonNegativeInt().optional(),
    // The grid the token path runs on by default (RestoreOptions.tokenResolution; default `full`).
    tokenResolution: z.enum(TOKEN_RESOLUTIONS, must('"full" or "half"')).optional(),
  }),
  sampling: object({
    strategy: z.enum(['greedy', 'sample'], must('"greedy" or "sample"')),
    temperature: positiveNumber(),
    topK: nonNegativeInt(),
    topP: z.number(must('a number in (0, 1]')).gt(0, must('a number in (0, 1]')).lte(1, must('a number in (0, 1]')),
    cfg: z.number(must('a non-negative number')).min(0, must('a non-negative number')),
  }),
  graphs: graphsSchema,
  dataFiles: z.array(dataFileSpec, must('an array')).default([]),
  /** Default fidelity guard (engine/pipeline/fidelity-guard.ts), chosen by what measured better. */
  fidelityGuard: z.enum(FIDELITY_GUARDS, must('"wavelet", "adain" or "off"')).default('off'),
  /** Levels of the wavelet guard's low-pass (engine/pipeline/fidelity-guard.ts), as the pack measured best. */
  fidelityGuardLevels: z
    .int(must('an integer from 1 to 8'))
    .min(1, must('an integer from 1 to 8'))
    .max(8, must('an integer from 1 to 8'))
    .default(DEFAULT_WAVELET_LEVELS),
  // Free-form JSON (creation time, config, training, metrics): kept, never interpreted.
  provenance: z.record(z.string(), z.unknown(), must('an object')).optional(),
}).superRefine((m, ctx) => {
  // Relations between fields, reported at the field a pack author would fix.
  const scales = m.schedule.canonicalScales;
  const base = scales[scales.length - 1]! * m.latent.downsample;
  if (m.schedule.baseResolution !== base) {
    ctx.addIssue({
      code: 'custom',
      path: ['schedule', 'baseResolution'],
      message: `must equal the last canonical scale times latent.downsample (${base})`,
    });
  }
  if (m.phi.table.length !== scales.length) {
    ctx.addIssue({ code: 'custom', path: ['phi', 'table'], message: `must have ${scales.length} entries, one per canonical scale` });
  }
  const badPhi = m.phi.table.findIndex((v) => v >= m.phi.count);
  if (badPhi >= 0) {
    ctx.addIssue({ code: 'custom', path: ['phi', 'table', badPhi], message: `must be below phi.count (${m.phi.count})` });
  }
  if (m.latent.downsample % m.upscale !== 0) {
    ctx.addIssue({ code: 'custom', path: ['latent', 'downsample'], message: `must be a multiple of upscale (${m.upscale})` });
  } else if (m.input.multiple !== m.latent.downsample / m.upscale) {
    ctx.addIssue({
      code: 'custom',
      path: ['input', 'multiple'],
      message: `must equal latent.downsample / upscale (${m.latent.downsample / m.upscale})`,
    });
  }
  if ((m.runtime.bottomContext ?? 0) % m.input.multiple !== 0) {
    ctx.addIssue({ code: 'custom', path: ['runtime', 'bottomContext'], message: `must be a multiple of input.multiple (${m.input.multiple})` });
  }
  if (m.runtime.tokenResolution === 'half') {
    if (m.restorer === null) ctx.addIssue({ code: 'custom', path: ['runtime', 'tokenResolution'], message: 'can be "half" only in a pack with a restorer' });
    else if ((m.runtime.bottomContext ?? 0) % (2 * m.input.multiple) !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['runtime', 'bottomContext'],
        message: `must be a multiple of 2 × input.multiple (${2 * m.input.multiple}) for half-resolution tokens`,
      });
    }
  }
  if (m.restorer !== null && !m.graphs.restorer) {
    ctx.addIssue({ code: 'custom', path: ['graphs', 'restorer'], message: 'is missing, but the pack declares a restorer' });
  }
  if (m.text !== null && !m.graphs.text_encoder) {
    ctx.addIssue({ code: 'custom', path: ['graphs', 'text_encoder'], message: 'is missing, but the pack declares text conditioning' });
  }
});

export type PackManifest = z.infer<typeof packManifestSchema>;

/** `a.b[2].c` from a zod issue path. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/**
 * Validates parsed manifest JSON. Throws `DvarError('PACK_INVALID')` with one sentence naming the file
 * and the first offending field, e.g. `... is invalid: field "latent.codebookSize" must be a positive integer.`
 */
export function parseManifest(json: unknown, file: string): PackManifest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DvarError('PACK_INVALID', `Model pack manifest ${file} is invalid: it must hold a JSON object.`);
  }
  const result = packManifestSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new DvarError('PACK_INVALID', `Model pack manifest ${file} is invalid: field "${fieldPath(issue.path)}" ${issue.message}.`);
}
