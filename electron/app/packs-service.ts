// Model packs the user can choose: the bundled packs (engine/bundled-packs.ts: the default, then the
// others installed beside it) plus packs imported from folders. Every pack is validated with the
// engine's own loader (schema and checksums) before it is listed; the imported folders are remembered
// by path, not copied, so a pack is never stored twice.
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { bundledPacks, DvarError, type BundledPack } from '../engine/definitions.ts';
import { loadPack, PACK_FILE_LIMITS, readPackText } from '../engine/definitions.ts';
import type { PackInfo } from '../ipc/contract.ts';
import type { LogFn } from './engine-client.ts';
import { HostError } from './host-error.ts';
import { pathKey } from './output-plan.ts';
import type { KeyValueStore } from './store.ts';

const STORE_KEY = 'importedPacks';

/** The app's own card for a bundled pack (docs/, inside app.asar when packaged): the first that exists. */
async function readAppCard(...files: string[]): Promise<string | null> {
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text !== null) return text;
  }
  return null;
}

export class PacksService {
  /** Checksumming a pack reads every graph; a pack is checked again only when its manifest changes. */
  private readonly cache = new Map<string, { mtimeMs: number; info: PackInfo }>();

  constructor(
    private readonly store: KeyValueStore,
    readonly defaultPackDir: string,
    /** Where `model-card-<name>.md` of each bundled pack lives (the repository's docs/). */
    private readonly modelCardsDir: string,
    private readonly log: LogFn,
  ) {}

  private imported(): string[] {
    const stored = this.store.get(STORE_KEY);
    return Array.isArray(stored) ? stored.filter((dir): dir is string => typeof dir === 'string') : [];
  }

  private bundled(): BundledPack[] {
    return bundledPacks(this.defaultPackDir);
  }

  private bundledAt(dir: string): BundledPack | undefined {
    return this.bundled().find((pack) => pathKey(pack.dir) === pathKey(dir));
  }

  /** Validates the pack (throws its one-sentence DvarError) and describes it. */
  async describe(dir: string): Promise<PackInfo> {
    const path = resolve(dir);
    const mtimeMs = (await stat(join(path, 'manifest.json')).catch(() => null))?.mtimeMs ?? -1;
    const cached = this.cache.get(path);
    if (cached && cached.mtimeMs === mtimeMs) return structuredClone(cached.info);
    const { manifest } = await loadPack(path);
    const bundled = this.bundledAt(path);
    const isDefault = bundled?.name === 'default';
    // Bundled packs keep their cards in docs/ (one copy for the repository and the app); an imported
    // pack's own card.md is the only other file of a pack folder that is ever read back to the UI, and
    // it is read like every pack file (pack-file.ts): one that links outside the pack, is a FIFO or is
    // too large refuses the pack with its sentence.
    const packCard = await readPackText(path, 'card.md', PACK_FILE_LIMITS.card);
    const appCards = bundled ? [join(this.modelCardsDir, `model-card-${manifest.name}.md`), join(this.modelCardsDir, `model-card-${bundled.name}.md`)] : [];
    const { restorer } = manifest;
    const info: PackInfo = {
      dir: path,
      name: manifest.name,
      description: manifest.description,
      version: manifest.version,
      upscale: manifest.upscale,
      text: manifest.text !== null,
      isDefault,
      bundled: bundled !== undefined,
      // A bundled pack is chosen by name, never by a path that changes when the app moves or updates.
      ref: isDefault ? null : (bundled?.name ?? path),
      card: packCard ?? (await readAppCard(...appCards)),
      restorer: restorer ? { name: restorer.name, licence: restorer.licence, credit: restorer.credit } : null,
    };
    this.cache.set(path, { mtimeMs, info });
    return structuredClone(info);
  }

  /** The bundled packs (the default first), then imported packs that still validate. */
  async list(): Promise<PackInfo[]> {
    const bundled = this.bundled().map((pack) => pack.dir);
    const imported = this.imported().filter((dir) => !this.bundledAt(resolve(dir))); // imported before it was bundled
    const packs: PackInfo[] = [];
    for (const dir of [...bundled, ...imported]) {
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
    const info = await this.describe(dir).catch((error: unknown) => {
      // The engine's advice ("choose a model pack in Settings") is for a restore; this is Settings, importing.
      if (error instanceof DvarError && error.code === 'PACK_MISSING') {
        throw new HostError('PACK_MISSING', `No model pack was found at ${dir}; import the folder that holds the pack's manifest.json.`);
      }
      throw error;
    });
    const known = this.imported();
    if (!info.bundled && !known.some((d) => pathKey(d) === pathKey(info.dir))) this.store.set(STORE_KEY, [...known, info.dir]);
    return info;
  }
}
