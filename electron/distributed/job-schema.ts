// The one schema of a queued job, shared by every submitter (the CLI, the app) and every worker: a
// submitter checks a job before adding it, a worker checks every job it takes before acting on it
// (Redis is a shared store, so job data is input from outside, whatever the submitter checked).
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { FIDELITY_GUARDS, isBarePackName, MAX_DETAIL } from '../engine/definitions.ts';

const MAX_PATH = 4096;
const absolutePath = z
  .string()
  .min(1)
  .max(MAX_PATH)
  .refine((p) => isAbsolute(p) && !p.includes('\0'), 'an absolute path');

const sampling = z.strictObject({
  strategy: z.enum(['greedy', 'sample']).optional(),
  temperature: z.number().gt(0).max(100).optional(),
  topK: z.int().min(0).max(1_000_000).optional(),
  topP: z.number().gt(0).max(1).optional(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  cfg: z.number().min(0).max(100).optional(),
});

const restore = z.strictObject({
  sampling: sampling.optional(),
  prompt: z.string().max(2000).optional(),
  tile: z.union([z.literal('auto'), z.int().min(1).max(65535)]).optional(),
  memoryBudgetMB: z
    .int()
    .min(64)
    .max(1 << 20)
    .optional(),
  tileBatch: z.int().min(1).max(256).optional(),
  overlap: z.int().min(0).max(1024).optional(),
  fidelityGuard: z.enum(FIDELITY_GUARDS).optional(),
  previewMaxSide: z.int().min(0).max(4096).optional(),
  detail: z.number().min(0).max(MAX_DETAIL).optional(),
  denoise: z.number().min(0).max(1).optional(),
  entropy: z.enum(['off', 'mean', 'map']).optional(),
});

/** A bundled pack by name (resolved in each worker's installation), any other pack by its shared folder. */
export const packRef = z.union([
  z.strictObject({ bundled: z.string().min(1).max(100).refine(isBarePackName, 'a pack name') }),
  z.strictObject({ folder: absolutePath }),
]);

export const restoreJobData = z.strictObject({
  /** Absolute paths on the shared storage; the same mount on every machine. */
  input: absolutePath,
  output: absolutePath,
  pack: packRef,
  scale: z.int().min(2).max(4),
  /** Instead of `scale`: the output's long side in pixels, or its size in megapixels (jobs/output-size.ts). */
  longEdge: z.int().min(16).max(65535).optional(),
  megapixels: z.number().gt(0).max(1000).optional(),
  /** Instead of `scale`: the print to cover at its DPI, which is written into the file (jobs/print-size.ts). */
  print: z
    .strictObject({
      width: z.number().gt(0).max(10000),
      height: z.number().gt(0).max(10000),
      unit: z.enum(['cm', 'mm', 'in']),
      dpi: z.int().min(10).max(4800),
    })
    .optional(),
  format: z.enum(['png', 'jpg', 'webp', 'tiff']),
  quality: z.int().min(1).max(100).optional(),
  /** PNG and TIFF outputs of 8-bit photos in 16 bits too; absent: 8 (16-bit photos always give 16). */
  depth: z.literal(16).optional(),
  /** Replace an earlier output of DVAR Studio at `output` (never any other file). */
  overwrite: z.boolean(),
  restore,
  /** Each photo's detail and denoise chosen by the worker from the photo (jobs/auto-look.ts) instead of restore's. */
  autoLook: z.literal(true).optional(),
});

/** A job as it travels: its data and the HMAC-SHA256 of that data (job-signature.ts). */
export const signedRestoreJob = restoreJobData.extend({ signature: z.string().regex(/^[0-9a-f]{64}$/) });

/** One sentence for a job that does not fit the schema, naming the first field that does not. */
export function jobSchemaProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return `it has fields no DVAR job has (${issue.keys.join(', ')})`;
  return field === '' ? `it is not a DVAR job (${issue.message})` : `its ${field} is not valid (${issue.message})`;
}
