// Command-line parsing for `dvar`. Every mistake becomes one sentence (DvarError USAGE, exit 2);
// nothing here touches the engine, so `--help` and usage errors answer instantly.
import { parseArgs } from 'node:util';
import { BUNDLED_PACK_NAMES, DvarError, FIDELITY_GUARDS, MAX_DETAIL, type RestoreOptions, type SamplingOptions } from '../engine/definitions.ts';
import { OUTPUT_FORMATS, type BitDepth, type OutputFormat } from '../image-files/index.ts';
import { LOOKS, type PrintSize } from '../jobs/index.ts';
import { parsePrintOption } from './print-option.ts';

export type OutputScale = 2 | 3 | 4;

export interface CliOptions {
  /** Files and folders as given. */
  inputs: string[];
  recursive: boolean;
  /** Undefined: each output goes next to its input. */
  outputDir?: string;
  scale: OutputScale;
  /** Instead of the scale's size: the output's long side in pixels, or its size in megapixels. */
  longEdge?: number;
  megapixels?: number;
  /** Instead of the scale's size: the print the output should cover, its DPI written into the file (--print). */
  print?: PrintSize;
  format: OutputFormat;
  quality?: number;
  /** 16: PNG and TIFF outputs of 8-bit photos in 16 bits too (--depth); 16-bit photos always give 16. */
  depth: BitDepth;
  /** As given: a folder or a bundled pack's name (pack-option.ts resolves it); undefined: the default pack. */
  packDir?: string;
  threads?: number;
  restore: RestoreOptions;
  /** --look auto: each photo's detail and denoise chosen from the photo (jobs/auto-look.ts). */
  autoLook?: true;
  /** Replace earlier outputs (files DVAR Studio wrote). */
  overwrite: boolean;
  /** Also replace files at the output names that DVAR Studio did not write (--overwrite-any). */
  overwriteAny: boolean;
  quiet: boolean;
  json: boolean;
  /** --queue: submit to a Redis queue for workers instead of restoring here (electron/distributed). */
  queue?: { url: string; detach: boolean; statusId?: string; caFile?: string; secretFile?: string };
}

export type ParsedArgs = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: CliOptions };

export const HELP_TEXT = `Usage: dvar [options] <photo or folder>...
  (in a checkout without \`npm link\`: npm run restore -- [options] <photo or folder>...)

Restores and upscales photos with DVAR. Outputs go next to each input as
<name>-dvar-x<scale>.<format> unless -o is given; originals are never modified.
Before each photo dvar prints its output size and expected time, learned from the
photos this machine has restored (and says so plainly before a long job).

Input and output
  -o, --output DIR        write outputs into DIR (created if missing)
      --recursive         also restore photos in subfolders of folder inputs
      --scale 2|3|4       output size relative to the input (default 4); ×2 and ×3 take as long
                          as ×4: the model always works at ×4, then the result is resized
      --long-edge PX      output's longer side in pixels instead (up to the pack's ×4)
      --megapixels MP     output size in megapixels instead (up to the pack's ×4)
      --print WxH UNIT[@DPI]
                          the print to fill instead, in cm, mm or in at DPI (default 300), like
                          30x20cm@300: the smallest size covering it with the photo's aspect ratio
                          (up to the pack's ×4), and the DPI written into the file for print dialogs
      --format FORMAT     png, jpg, webp or tiff (default png)
      --quality 1-100     jpg/webp quality (default 92)
      --depth 8|16        bits per sample of png and tiff outputs (default 8; a 16-bit photo always
                          gives 16): 16 keeps the smooth gradations 8 bits band, in larger files
      --overwrite         replace earlier outputs of DVAR Studio (default: skip them); a file
                          at an output name that DVAR did not write, or that is also one of the
                          photos given, is never replaced
      --overwrite-any     --overwrite, and also replace files DVAR did not write (never a photo given)

Model and sampling
      --pack DIR|NAME     model pack folder, or the name of a bundled pack (${BUNDLED_PACK_NAMES.join(', ')}) when the
                          working directory has no folder of that name (default: the pack "default")
      --seed N            random seed; same seed, pack and options give the same output (default 0)
      --sampling MODE     greedy or sample (default: the pack's)
      --temperature T     sampling temperature, > 0
      --top-k K           keep the K most likely tokens (0 = off)
      --top-p P           nucleus mass in (0, 1] (1 = off)
      --cfg S             text guidance strength (text packs; 0 = off)
      --prompt TEXT       describe the photo (text packs only)
      --fidelity MODE     anchor colours and tones to the input: wavelet, adain or off (default: the pack's)
      --detail D          0 to 1.5: how much of the model's detail to keep (1 = all, 0 = plain upscale; default 1);
                          above 1 its fine detail is sharpened (crisper, less faithful)
      --denoise N         0 to 1: smooth noise in the photo before restoring it (default 0, off)
      --look NAME         the app's looks instead of --detail and --denoise: natural, balanced, detailed,
                          crisp, or auto (chosen for each photo from its noise, JPEG blocking and softness)

Performance
      --tile auto|N       tile side in input pixels, or auto from --memory (default auto)
      --memory MB         memory budget for one pass (default 1024)
      --threads N         CPU threads per model graph (default: all cores)

Output
      --quiet             print errors only
      --json              one JSON object per line on stdout, for programs
  -h, --help              show this help
      --version           show the app's and the bundled model packs' versions

Many machines (a Redis server and \`npm run worker\` on each machine; paths on shared storage)
      --queue URL         redis://HOST:PORT[/DB] or rediss:// (TLS): queue the photos for workers
      --queue-ca FILE     with rediss://: trust the Redis server's certificate signed by this CA (PEM)
      --queue-secret-file FILE
                          the secret jobs are signed with, shared with every worker (or set
                          DVAR_QUEUE_SECRET_FILE=FILE or DVAR_QUEUE_SECRET=SECRET)
      --detach            with --queue: print the submission id and return at once
      --status ID         with --queue: follow an earlier submission (no photos needed)

Exit status: 0 all done (or skipped), 1 some file failed, 2 usage error, 130 cancelled.
`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  recursive: { type: 'boolean' },
  scale: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  quality: { type: 'string' },
  pack: { type: 'string' },
  tile: { type: 'string' },
  memory: { type: 'string' },
  prompt: { type: 'string' },
  sampling: { type: 'string' },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  cfg: { type: 'string' },
  fidelity: { type: 'string' },
  detail: { type: 'string' },
  denoise: { type: 'string' },
  look: { type: 'string' },
  'long-edge': { type: 'string' },
  megapixels: { type: 'string' },
  print: { type: 'string' },
  depth: { type: 'string' },
  threads: { type: 'string' },
  overwrite: { type: 'boolean' },
  'overwrite-any': { type: 'boolean' },
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  queue: { type: 'string' },
  'queue-ca': { type: 'string' },
  'queue-secret-file': { type: 'string' },
  detach: { type: 'boolean' },
  status: { type: 'string' },
} as const;

/** Spellings people type for the same formats. */
const FORMAT_ALIASES: Record<string, OutputFormat> = { jpeg: 'jpg', tif: 'tiff' };

function usage(message: string): DvarError {
  return new DvarError('USAGE', message);
}

/** A whole number in [min, max], or a usage error naming the option. */
function integer(option: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw usage(`--${option} must be a whole number ${range}, not "${text}".`);
  }
  return value;
}

/** A finite number within the range that `ok` accepts, or a usage error with `rule`. */
function number(option: string, text: string, ok: (v: number) => boolean, rule: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value) || !ok(value)) throw usage(`--${option} must be ${rule}, not "${text}".`);
  return value;
}

function oneOf<T extends string>(option: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw usage(`--${option} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, not "${text}".`);
  }
  return text as T;
}

/** node:util's parse errors read like stack-trace prose; these say the same in one short sentence. */
function parseFailure(error: unknown): DvarError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return usage(`Unknown option ${option ?? ''}; run dvar --help for the list.`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const takesNone = /does not take an argument/.test(message);
    return usage(`${option ?? 'An option'} ${takesNone ? 'takes no value' : 'needs a value'}; run dvar --help.`);
  }
  return usage(`${message.split('\n')[0]}`);
}

export function parseCliArgs(argv: string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw parseFailure(error);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const queueOnly = v.detach
    ? 'detach'
    : v.status !== undefined
      ? 'status'
      : v['queue-ca'] !== undefined
        ? 'queue-ca'
        : v['queue-secret-file'] !== undefined
          ? 'queue-secret-file'
          : undefined;
  if (queueOnly && v.queue === undefined) throw usage(`--${queueOnly} only works with --queue URL.`);
  if (v.status !== undefined && positionals.length > 0) throw usage('--status follows an earlier submission; give it no photos.');
  if (positionals.length === 0 && v.status === undefined) throw usage('Give at least one photo or folder to restore; run dvar --help for usage.');
  if (v.quiet && v.json) throw usage('--quiet and --json cannot be combined.');
  if (v['overwrite-any'] && v.queue !== undefined) throw usage('--overwrite-any only works here; queue workers replace only earlier outputs of DVAR Studio.');

  const sampling: Partial<SamplingOptions> = { seed: v.seed === undefined ? 0 : integer('seed', v.seed, 0, 2 ** 32 - 1) };
  if (v.sampling !== undefined) sampling.strategy = oneOf('sampling', v.sampling, ['greedy', 'sample'] as const);
  if (v.temperature !== undefined) sampling.temperature = number('temperature', v.temperature, (t) => t > 0, 'a number above 0');
  if (v['top-k'] !== undefined) sampling.topK = integer('top-k', v['top-k'], 0);
  if (v['top-p'] !== undefined) sampling.topP = number('top-p', v['top-p'], (p) => p > 0 && p <= 1, 'a number in (0, 1]');
  if (v.cfg !== undefined) sampling.cfg = number('cfg', v.cfg, (c) => c >= 0, 'a number of 0 or more');

  const restore: RestoreOptions = { sampling, previewMaxSide: 0 }; // the CLI shows no previews
  if (v.tile !== undefined && v.tile !== 'auto') restore.tile = integer('tile', v.tile, 1);
  if (v.memory !== undefined) restore.memoryBudgetMB = integer('memory', v.memory, 64);
  if (v.prompt !== undefined) restore.prompt = v.prompt;
  if (v.fidelity !== undefined) restore.fidelityGuard = oneOf('fidelity', v.fidelity, FIDELITY_GUARDS);
  const unit = (v: number) => v >= 0 && v <= 1;
  if (v.detail !== undefined) restore.detail = number('detail', v.detail, (d) => d >= 0 && d <= MAX_DETAIL, `a number from 0 to ${MAX_DETAIL}`);
  if (v.denoise !== undefined) restore.denoise = number('denoise', v.denoise, unit, 'a number from 0 to 1');
  const look = v.look === undefined ? undefined : oneOf('look', v.look.toLowerCase(), ['auto', ...LOOKS.map((l) => l.name.toLowerCase())]);
  if (look !== undefined && (v.detail !== undefined || v.denoise !== undefined))
    throw usage('--look sets the detail and denoise itself; give --look or --detail/--denoise.');
  const named = LOOKS.find((l) => l.name.toLowerCase() === look);
  if (named) Object.assign(restore, { detail: named.detail, denoise: named.denoise });
  const sizes = (['scale', 'long-edge', 'megapixels', 'print'] as const).filter((name) => v[name] !== undefined);
  if (sizes.length > 1) throw usage(`--${sizes[0]} and --${sizes[1]} both set the output size; give one.`);
  const format = v.format === undefined ? 'png' : oneOf('format', FORMAT_ALIASES[v.format.toLowerCase()] ?? v.format.toLowerCase(), OUTPUT_FORMATS);
  const depth = v.depth === undefined ? 8 : (Number(oneOf('depth', v.depth, ['8', '16'] as const)) as BitDepth);
  if (depth === 16 && (format === 'jpg' || format === 'webp')) {
    throw usage(`--depth 16 needs a png or tiff output; ${format === 'jpg' ? 'JPEG' : 'WebP'} stores 8 bits only.`);
  }

  return {
    kind: 'run',
    options: {
      inputs: positionals,
      recursive: v.recursive ?? false,
      outputDir: v.output,
      scale: v.scale === undefined ? 4 : (Number(oneOf('scale', v.scale, ['2', '3', '4'] as const)) as OutputScale),
      longEdge: v['long-edge'] === undefined ? undefined : integer('long-edge', v['long-edge'], 16),
      megapixels: v.megapixels === undefined ? undefined : number('megapixels', v.megapixels, (m) => m > 0, 'a number above 0'),
      print: v.print === undefined ? undefined : parsePrintOption(v.print),
      format,
      depth,
      quality: v.quality === undefined ? undefined : integer('quality', v.quality, 1, 100),
      packDir: v.pack,
      threads: v.threads === undefined ? undefined : integer('threads', v.threads, 1, 1024),
      restore,
      ...(look === 'auto' ? { autoLook: true as const } : {}),
      overwrite: (v.overwrite ?? false) || (v['overwrite-any'] ?? false),
      overwriteAny: v['overwrite-any'] ?? false,
      quiet: v.quiet ?? false,
      json: v.json ?? false,
      queue:
        v.queue === undefined
          ? undefined
          : {
              url: v.queue,
              detach: v.detach ?? false,
              statusId: v.status,
              caFile: v['queue-ca'],
              ...(v['queue-secret-file'] === undefined ? {} : { secretFile: v['queue-secret-file'] }),
            },
    },
  };
}
