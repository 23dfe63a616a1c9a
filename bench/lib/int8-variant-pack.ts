// A pack with one graph swapped for its int8 copy (models/runs/int8/<pack>/<graph>.onnx, written by
// `python -m dvar.quantize.int8`), in a scratch folder: the other files are copies of the original
// pack's (a copy-on-write clone where the file system has them). Not symbolic links: a pack refuses links
// out of its folder. Not hard links: while one exists, onnx's Python loader refuses the original pack's
// external data (more than one link reads as a hard-link attack), so the toolchain could not read the
// shipped or fixture pack meanwhile. The manifest names the int8 file and its sha256, so the engine loads
// it like any pack and the shipped pack is never written.
import { createHash } from 'node:crypto';
import { constants, copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readPackGraphs } from './pack-graphs.ts';

export function int8VariantPack(packDir: string, graph: string, int8File: string, outDir: string): string {
  const pack = resolve(packDir);
  const manifest = readPackGraphs(pack);
  const spec = manifest.graphs[graph];
  if (!spec) throw new Error(`${pack} has no graph "${graph}" to swap for int8.`);
  mkdirSync(outDir, { recursive: true });
  const file = `${graph}.int8.onnx`;
  for (const name of readdirSync(pack)) if (name !== 'manifest.json') copyFileSync(join(pack, name), join(outDir, name), constants.COPYFILE_FICLONE);
  copyFileSync(int8File, join(outDir, file));
  spec.file = file;
  spec.sha256 = createHash('sha256')
    .update(readFileSync(join(outDir, file)))
    .digest('hex');
  manifest.description = `${manifest.description} (${graph} int8 from ${basename(int8File)}, for the int8 table)`;
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return outDir;
}
