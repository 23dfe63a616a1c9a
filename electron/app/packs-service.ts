// Model packs the user can choose: the bundled default pack plus packs imported from folders. Every
// pack is validated with the engine's own loader (schema and checksums) before it is listed; the
// imported folders are remembered by path, not copied, so a pack is never stored twice.
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { loadPack } from '../engine/pack/load-pack.ts';
import type { PackInfo } from '../ipc/contract.ts';
import type { LogFn } from './engine-client.ts';
import { HostError } from './host-error.ts';
import { pathKey } from './output-plan.ts';
import type { KeyValueStore } from './store.ts';

const STORE_KEY = 'importedPacks';

async function readCard(...candidates: string[]): Promise<string | null> {
  for (const file of candidates) {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text !== null) return text;
  }
  return null;
}

export class PacksService {
  /** Checksumming a pack reads every graph; a pack is checked again only when its manifest changes. */
  private readonly cache = new Map<string, { mtimeMs: number; info: Omit<PackInfo, 'isDefault'> }>();

  constructor(
    private readonly store: KeyValueStore,
    readonly defaultPackDir: string,
    /** Where `model-card-<name>.md` of the bundled pack lives (the repository's docs/). */
    private readonly modelCardsDir: string,
    private readonly log: LogFn,
  ) {}

  private imported(): string[] {
    const stored = this.store.get(STORE_KEY);
    return Array.isArray(stored) ? stored.filter((dir): dir is string => typeof dir === 'string') : [];
  }

  private isDefault(dir: string): boolean {
    return pathKey(resolve(dir)) === pathKey(resolve(this.defaultPackDir));
  }

  /** Validates the pack (throws its one-sentence DvarError) and describes it. */
  async describe(dir: string): Promise<PackInfo> {
    const path = resolve(dir);
    const isDefault = this.isDefault(path);
    const mtimeMs = (await stat(join(path, 'manifest.json')).catch(() => null))?.mtimeMs ?? -1;
    const cached = this.cache.get(path);
    if (cached && cached.mtimeMs === mtimeMs) return { ...cached.info, isDefault };
    const { manifest } = await loadPack(path);
    const cards = [join(path, 'card.md')];
    if (isDefault) cards.push(join(this.modelCardsDir, `model-card-${manifest.name}.md`), join(this.modelCardsDir, `model-card-${basename(path)}.md`));
    const info = {
      dir: path,
      name: manifest.name,
      description: manifest.description,
      version: manifest.version,
      upscale: manifest.upscale,
      text: manifest.text !== null,
      card: await readCard(...cards),
    };
    this.cache.set(path, { mtimeMs, info });
    return { ...info, isDefault };
  }

  /** The default pack first (when it is installed), then imported packs that still validate. */
  async list(): Promise<PackInfo[]> {
    const packs: PackInfo[] = [];
    for (const dir of [this.defaultPackDir, ...this.imported()]) {
      try {
        packs.push(await this.describe(dir));
      } catch (error) {
        this.log('warn', `Model pack ${dir} is not listed: ${(error as Error).message}`);
      }
    }
    return packs;
  }

  async import(dir: string): Promise<PackInfo> {
    // Relative would mean "relative to the host process's working directory", never what the user meant.
    if (!isAbsolute(dir)) throw new HostError('INVALID_REQUEST', `A model pack folder must be a full path, not "${dir}".`);
    const info = await this.describe(dir);
    const known = this.imported();
    if (!info.isDefault && !known.some((d) => pathKey(d) === pathKey(info.dir))) this.store.set(STORE_KEY, [...known, info.dir]);
    return info;
  }
}
