// A TensorFlow.js layers model's model.json (as the UpscalerJS packages ship it): the topology and the
// weight shards with what each holds, checked before tf.io.fromMemory gets them.
import { readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

const weightSpec = z.object({
  name: z.string(),
  shape: z.array(z.number()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  quantization: z.object({ scale: z.number().optional(), min: z.number().optional(), dtype: z.enum(['uint16', 'uint8', 'float16']) }).optional(),
}) satisfies z.ZodType<tf.io.WeightsManifestEntry>;

const modelJsonSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(weightSpec) })),
});

export type TfjsModelJson = z.infer<typeof modelJsonSchema>;

export function readTfjsModelJson(file: string): TfjsModelJson {
  return modelJsonSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
