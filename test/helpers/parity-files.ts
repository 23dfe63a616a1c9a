// The formats of the parity files in test/fixtures/parity, written by the Python twins (models/dvar/.../
// make_parity.py, make_guard_parity.py): checked when read, so a regenerated file with a renamed or
// missing field fails with the field's name instead of a NaN somewhere in a comparison.
import { z } from 'zod';
import { DETAIL_SPACES } from '../../electron/engine/pipeline/detail-transfer.ts';
import { FIDELITY_GUARDS } from '../../electron/engine/pipeline/fidelity-guard.ts';

/** A planar RGB float32 image: little-endian bytes, base64. */
export const encodedImage = z.object({ height: z.int(), width: z.int(), data: z.string() });

/** tiny.json, tiny-text.json: the fixture packs' restore (models/dvar/model/model.py `restore`, greedy). */
export const restoreParity = z.object({
  lq: encodedImage,
  prompt: z.string(),
  cfg: z.number(),
  schedule: z.array(z.tuple([z.int(), z.int()])),
  tokens: z.array(z.array(z.int())),
  image: encodedImage,
  tolerance: z.object({ pixelMaxAbs: z.number() }),
});

/** detail-transfer.json: one decoded and one restored image (the size given once), then expected outputs. */
export const detailTransferParity = z.object({
  height: z.int(),
  width: z.int(),
  decoded: z.string(),
  restored: z.string(),
  cases: z.array(z.object({ levels: z.int(), space: z.enum(DETAIL_SPACES), expected: z.string() })),
  gains: z.array(z.object({ gain: z.number(), levels: z.int(), expected: z.string() })),
  tolerance: z.number(),
});

/** fidelity-guard.json: a low-quality input, a restored image, and each guard's expected output. */
export const fidelityGuardParity = z.object({
  scale: z.int(),
  lq: encodedImage,
  restored: encodedImage,
  cases: z.array(z.object({ guard: z.enum(FIDELITY_GUARDS), levels: z.int(), expected: z.string() })),
  tolerance: z.number(),
});
