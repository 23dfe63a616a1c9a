// Settings problems in plain words: one sentence per field that says what the field accepts, instead
// of the schema's own text (`field "threads" Too small: expected number to be >=0`). The renderer shows
// the sentence next to the field it is about, so it names that field the way the Settings view does.
import { settings as settingsSchema } from '../ipc/contract.ts';

const WORDS: Record<string, string> = {
  threads: 'CPU threads must be a whole number from 0 to 256 (0 uses every core).',
  memoryBudgetMB: 'The memory budget must be a whole number of MB from 64 to 65536.',
  provider: 'Choose one of the execution providers in the list.',
  namingTemplate: 'The name template must be 1 to 200 characters, such as {name}-dvar-x{scale}.',
  outputDir: 'The output folder must be a folder path, or empty for "next to each photo".',
  outputDepth: 'The bit depth of PNG and TIFF outputs must be 8 or 16.',
  packDir: 'The model pack must be a folder path or the name of a bundled pack.',
  replaceEarlierResults: 'Replace earlier DVAR results is either on or off.',
  theme: 'Choose system, light or dark.',
  batchRunsOn: 'Choose this computer or a queue server for batches.',
  queueUrl: 'The queue URL must be redis://HOST:PORT or rediss://HOST:PORT (TLS), at most 2000 characters.',
  queueCaFile: 'The CA certificate must be the path of a PEM file, at most 4096 characters, or empty for none.',
  welcomeDismissed: 'The welcome panel is either put away or not.',
  'restore.scale': 'The scale must be ×2, ×3 or ×4.',
  'restore.format': 'The format must be PNG, TIFF, JPEG or WebP.',
  'restore.quality': 'Quality must be a whole number from 1 to 100.',
  'restore.seed': 'The seed must be a whole number from 0 to 4294967295.',
  'restore.strategy': 'The strategy must be greedy or sample.',
  'restore.temperature': 'Temperature must be a number above 0 and at most 10.',
  'restore.topK': 'Top-k must be a whole number, 0 or more (0 turns it off).',
  'restore.topP': 'Top-p must be a number above 0 and at most 1 (1 turns it off).',
  'restore.cfg': 'Guidance (CFG) must be a number from 0 to 20, or empty for the pack default.',
  'restore.prompt': 'The prompt can be at most 500 characters.',
  'restore.print': 'A print size needs a width and height above 0 (at most 10000) in cm, mm or inches, and a whole number of DPI from 10 to 4800.',
};

/** The settings field an issue is about ("threads", "restore.topK"), as the renderer's fields name it. */
export function settingsField(path: readonly PropertyKey[]): string {
  return path.slice(0, 2).map(String).join('.');
}

/** One plain sentence for a field's bad value. */
export function settingsFieldWords(field: string): string {
  return WORDS[field] ?? `The setting "${field}" has a value DVAR Studio cannot use; set it again.`;
}

/** Null when `patch` fits the settings schema, else the plain sentence for its first bad field. */
export function settingsPatchProblem(patch: unknown): string | null {
  const parsed = settingsSchema.partial().safeParse(patch ?? {});
  if (parsed.success) return null;
  return settingsFieldWords(settingsField(parsed.error.issues[0]!.path));
}
