// Loads a model pack folder: manifest.json validated against the schema, every graph file present
// and matching its declared sha256. A broken pack is reported in one sentence naming file and field.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DvarError } from '../errors.ts';
import { parseManifest, type PackManifest } from './manifest-schema.ts';

export interface LoadedPack {
  dir: string;
  manifest: PackManifest;
  graphFile(name: string): string;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readManifestJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DvarError('PACK_INVALID', `Model pack manifest ${file} is missing or unreadable.`);
  }
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
  const manifest = parseManifest(await readManifestJson(manifestFile), manifestFile);
  const files = [
    ...Object.entries(manifest.graphs).map(([name, g]) => ({ ...g!, what: `graph "${name}"`, field: `graphs.${name}.sha256` })),
    ...manifest.dataFiles.map((d, i) => ({ ...d, what: 'weights', field: `dataFiles.${i}.sha256` })),
  ];
  for (const { file, sha256, what, field } of files) {
    const path = join(dir, file);
    const fileInfo = await stat(path).catch(() => null);
    if (!fileInfo?.isFile()) {
      throw new DvarError('PACK_INVALID', `Model pack ${dir} is incomplete: ${what} file ${file} is missing.`);
    }
    if ((await sha256Of(path)) !== sha256) {
      throw new DvarError('PACK_INVALID', `Model pack ${dir} is damaged: ${what} file ${file} does not match field "${field}" of manifest.json.`);
    }
  }
  return { dir, manifest, graphFile: (name) => join(dir, manifest.graphs[name as keyof typeof manifest.graphs]!.file) };
}
