// The user's settings: defaults, validation against the contract's schema (plus the rules a schema
// cannot say), and persistence in the key-value store. A stored value that no longer validates (an
// older version, a hand edit) falls back to its default field by field instead of losing the rest.
// Folders and the queue's CA certificate may be typed with `~` or relative to the home folder
// (user-path.ts); they are kept expanded. The CA certificate is read when it is set, with the checks the
// CLI's --queue-ca uses (distributed/queue-ca.ts), so a wrong file is refused then, not at Start.
// Problems are one plain sentence about the field (settings-words.ts).
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { settings as settingsSchema, type Settings } from '../ipc/contract.ts';
import { readCaCertificates } from '../distributed/queue-ca.ts';
import { HostError } from './host-error.ts';
import { settingsField, settingsFieldWords } from './settings-words.ts';
import { expandUserPath } from './user-path.ts';
import type { KeyValueStore } from './store.ts';
import { DEFAULT_NAMING_TEMPLATE, namingTemplateProblem } from './naming-template.ts';
import { queueUrlProblem, withStoredPassword } from './queue-server-url.ts';

const STORE_KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = {
  packDir: null,
  provider: 'auto',
  threads: 0,
  memoryBudgetMB: 1024,
  restore: { scale: 4, format: 'png', quality: 92, seed: 0, strategy: 'greedy', temperature: 1, topK: 0, topP: 1 },
  outputDir: null,
  outputDepth: 8,
  namingTemplate: DEFAULT_NAMING_TEMPLATE,
  skipExisting: true,
  replaceEarlierResults: false,
  recursive: true,
  theme: 'system',
  batchRunsOn: 'this-computer',
  queueUrl: null,
  queueCaFile: null,
  welcomeDismissed: false,
};

function invalid(message: string): HostError {
  return new HostError('INVALID_SETTINGS', message);
}

/** True for the name of an installed bundled pack ("fast"), which `packDir` may hold instead of a path. */
export type IsBundledPack = (name: string) => boolean;

/** Rules beyond the schema, each failing with one sentence. */
function checkRules(next: Settings, isBundledPack: IsBundledPack): void {
  const template = namingTemplateProblem(next.namingTemplate);
  if (template) throw invalid(template);
  const packDir = next.packDir !== null && isBundledPack(next.packDir) ? null : next.packDir;
  // A relative folder would mean "relative to wherever the host process happened to start".
  for (const [folder, what] of [
    [packDir, 'model pack folder'],
    [next.outputDir, 'output folder'],
  ] as const) {
    if (folder !== null && !isAbsolute(folder))
      throw invalid(`The ${what} must be a full path (like ${process.platform === 'win32' ? 'C:\\Photos' : '/home/me/Photos'}), not "${folder}".`);
  }
  if (packDir !== null && !existsSync(join(packDir, 'manifest.json'))) {
    throw invalid(`${next.packDir} is not a model pack folder (it has no manifest.json); choose the folder that holds the pack.`);
  }
  if (next.outputDir !== null && existsSync(next.outputDir) && !statSync(next.outputDir).isDirectory()) {
    throw invalid(`The output folder ${next.outputDir} is a file, not a folder; choose another output folder.`);
  }
  const queueUrl = next.queueUrl === null ? null : queueUrlProblem(next.queueUrl);
  if (queueUrl) throw invalid(queueUrl);
  if (next.batchRunsOn === 'queue-server' && next.queueUrl === null) {
    throw invalid("Enter the queue server's URL (redis://HOST:PORT) before choosing to run batches on it.");
  }
}

/** Refuses a CA certificate file that cannot be used, with queue-ca.ts's sentence. */
function readableCa(file: string): void {
  try {
    readCaCertificates(file);
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

function fromStored(stored: unknown, isBundledPack: IsBundledPack): Settings {
  const merged: Record<string, unknown> = structuredClone(DEFAULT_SETTINGS);
  if (stored && typeof stored === 'object') {
    for (const [key, value] of Object.entries(stored)) {
      if (!Object.hasOwn(DEFAULT_SETTINGS, key)) continue;
      const field = settingsSchema.shape[key as keyof Settings];
      if (field.safeParse(value).success) merged[key] = value;
    }
  }
  // Folders stored before they had to be full paths, and bundled packs this install no longer has:
  // reset, or every later update would fail on them.
  for (const key of ['packDir', 'outputDir', 'queueCaFile'] as const) {
    const value = merged[key];
    if (typeof value === 'string' && !isAbsolute(value) && !(key === 'packDir' && isBundledPack(value))) merged[key] = null;
  }
  // A queue URL that no longer parses, or a queue server chosen without one (a hand edit): run here.
  if (typeof merged.queueUrl === 'string' && queueUrlProblem(merged.queueUrl)) merged.queueUrl = null;
  if (merged.queueUrl === null) merged.batchRunsOn = 'this-computer';
  return settingsSchema.parse(merged);
}

export class SettingsService {
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings, previous: Settings) => void>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly isBundledPack: IsBundledPack = () => false,
  ) {
    this.current = fromStored(store.get(STORE_KEY), isBundledPack);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Validates the merged result as a whole and persists it; throws one sentence on the first problem. */
  update(patch: Partial<Settings>): Settings {
    const typed = { ...patch };
    if (typeof typed.outputDir === 'string') typed.outputDir = typed.outputDir.trim() === '' ? null : expandUserPath(typed.outputDir);
    // packDir may be a bundled pack's bare name, so only `~` is expanded; other relative paths are refused.
    if (typeof typed.packDir === 'string' && typed.packDir.startsWith('~')) typed.packDir = expandUserPath(typed.packDir);
    if (typeof typed.queueUrl === 'string') {
      const url = typed.queueUrl.trim();
      typed.queueUrl = url === '' ? null : withStoredPassword(url, this.current.queueUrl);
    }
    if (typeof typed.queueCaFile === 'string') {
      typed.queueCaFile = typed.queueCaFile.trim() === '' ? null : expandUserPath(typed.queueCaFile);
      if (typed.queueCaFile !== null) readableCa(typed.queueCaFile);
    }
    const parsed = settingsSchema.safeParse({ ...this.current, ...typed });
    if (!parsed.success) throw invalid(settingsFieldWords(settingsField(parsed.error.issues[0]!.path)));
    checkRules(parsed.data, this.isBundledPack);
    const previous = this.current;
    this.current = parsed.data;
    this.store.set(STORE_KEY, this.current);
    for (const listener of this.listeners) listener(this.get(), previous);
    return this.get();
  }

  onChange(listener: (settings: Settings, previous: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
