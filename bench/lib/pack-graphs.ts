// The part of a pack's manifest.json the int8 bench reads and rewrites: its description and each graph's
// file and sha256 (and quantization, when already int8). Loose: every other field is left as it is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const graphEntry = z.looseObject({ file: z.string(), sha256: z.string(), quantization: z.unknown().optional() });
const packGraphsSchema = z.looseObject({ description: z.string(), graphs: z.record(z.string(), graphEntry) });

export type PackGraphs = z.infer<typeof packGraphsSchema>;

function isPackGraphs(raw: unknown): raw is PackGraphs {
  return packGraphsSchema.safeParse(raw).success;
}

/** The manifest as read (not zod's copy, so a rewritten manifest keeps its fields in their order). */
export function readPackGraphs(packDir: string): PackGraphs {
  const file = join(packDir, 'manifest.json');
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isPackGraphs(raw)) throw new Error(`${file} has no description or no graphs with a file and a sha256 each.`);
  return raw;
}
