// What a restore reports after each scale, declared once as schemas that every layer derives its own
// shape from: the engine's ScaleEvent extends ScaleReport, the app's restore:progress event extends the
// schema, a worker's progress to its submitter and a queue row's pass carry PassPosition. A new field
// added here (and set where the engine emits it, pipeline/restore-group.ts) reaches all of them, because
// each layer copies these fields with pickReported instead of naming them.
import { z } from 'zod';

/** Tile indices `first`..`last` of a restore's plan, inclusive. */
export const tileSpanSchema = z.object({ first: z.int().nonnegative(), last: z.int().nonnegative() });

/** Where a restore is: the part of a report that travels everywhere, to a batch's submitter too. */
export const passPositionSchema = z.object({
  tileIndex: z.int(),
  tileCount: z.int(),
  /**
   * The tiles that run together with this one (consecutive indices): a group goes through its scales
   * together, so "pass k" is the group's pass. `tileIndex` twice when tiles run one at a time.
   */
  group: tileSpanSchema,
  /** 1-based scale index k (1 = the dynamic start token quantized from the LQ image), of `scales`. */
  scale: z.int(),
  scales: z.int(),
  /**
   * The tile's restorer runs right after this event (a restorer pack's scale 1): the longest step of a
   * restore, which UIs name instead of the next scale. Absent or false otherwise.
   */
  restorerNext: z.boolean().optional(),
});

/** A scale's report as the app's UIs get it (besides the preview image and the photo's size). */
export const scaleReportSchema = passPositionSchema.extend({
  /** The tile in LQ pixel coordinates of the input image. */
  tile: z.object({ x: z.int(), y: z.int(), width: z.int().positive(), height: z.int().positive() }),
  /** Token map size of this scale. */
  tokens: z.int(),
  /**
   * Mean entropy (nats) of the sampling distribution over this scale's tokens; 0 for scale 1 (quantized,
   * not sampled); null unless RestoreOptions.entropy asked for it.
   */
  entropy: z.number().nullable(),
  /** Milliseconds since `restore` started. */
  elapsedMs: z.number(),
  /** Fraction of the whole job done, 0..1, weighted by token counts and tile areas. */
  progress: z.number(),
});

export type TileSpan = z.infer<typeof tileSpanSchema>;
export type PassPosition = z.infer<typeof passPositionSchema>;
export type ScaleReport = z.infer<typeof scaleReportSchema>;

/** The fields of `schema` that `event` has, copied (nested objects too, so nothing is shared), and nothing else. */
export function pickReported<S extends z.ZodObject, E extends Partial<Record<keyof z.infer<S>, unknown>>>(
  event: E,
  schema: S,
): Pick<E, keyof z.infer<S> & keyof E> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = (event as Record<string, unknown>)[key];
    if (value !== undefined) picked[key] = typeof value === 'object' && value !== null ? { ...value } : value;
  }
  return picked as Pick<E, keyof z.infer<S> & keyof E>;
}
