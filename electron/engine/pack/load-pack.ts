// Loads a model pack folder: manifest.json validated against the schema, every graph file present
// and matching its declared sha256. A broken pack is reported in one sentence naming file and field.
// Every file is read through pack-file.ts: regular files inside the pack folder, bounded, timed.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DvarError } from '../errors.ts';
import { parseManifest, type PackManifest } from './manifest-schema.ts';
import { hashPackFile, PACK_FILE_LIMITS, readPackText } from './pack-file.ts';

export interface LoadedPack {
  dir: string;
  manifest: PackManifest;
  graphFile(name: string): string;
}

async function readManifestJson(dir: string, file: string): Promise<unknown> {
  const text = await readPackText(dir, 'manifest.json', PACK_FILE_LIMITS.manifest);
  if (text === null) throw new DvarError('PACK_INVALID', `Model pack manifest ${file} is missing or unreadable.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DvarError('PACK_INVALID', `Model pack manifest ${file} is not valid JSON (${(error as Error).message}).`);
  }
}

export async function loadPack(packDir: string): Promise<LoadedPack> {
  const dir = resolve(packDir);
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new DvarError('PACK_MISSING', `No model pack was found at ${dir}.`, { params: { dir } });
  }
  const manifestFile = join(dir, 'manifest.json');
  const manifest = parseManifest(await readManifestJson(dir, manifestFile), manifestFile);
  const files = [
    ...Object.entries(manifest.graphs).map(([name, g]) => ({ ...g, what: `graph "${name}"`, field: `graphs.${name}.sha256` })),
    ...manifest.dataFiles.map((d, i) => ({ ...d, what: 'weights', field: `dataFiles.${i}.sha256` })),
  ];
  const realPaths = new Map<string, string>();
  for (const { file, sha256, what, field } of files) {
    const hashed = await hashPackFile(dir, file, PACK_FILE_LIMITS.graph);
    if (!hashed) {
      throw new DvarError('PACK_INVALID', `Model pack ${dir} is incomplete: ${what} file ${file} is missing.`);
    }
    if (hashed.sha256 !== sha256) {
      throw new DvarError('PACK_INVALID', `Model pack ${dir} is damaged: ${what} file ${file} does not match field "${field}" of manifest.json.`);
    }
    realPaths.set(file, hashed.path);
  }
  // onnxruntime opens graphs by path: it gets the real path that was checked, not one through a link.
  const graphFile = (name: string) => {
    const file = manifest.graphs[name as keyof typeof manifest.graphs]!.file;
    return realPaths.get(file) ?? join(dir, file);
  };
  return { dir, manifest, graphFile };
}
