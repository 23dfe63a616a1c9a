// The one typed contract between the renderer and whoever hosts the engine: the Electron main process
// (through preload's contextBridge) or the web host (over WebSocket). Every request payload is
// validated with these schemas on the host side before anything runs; imports point here, never back.
import { z } from 'zod';
import { FIDELITY_GUARDS, MAX_DETAIL, passPositionSchema, scaleReportSchema, tileSpanSchema } from '../engine/definitions.ts';

export const outputFormat = z.enum(['png', 'jpg', 'webp', 'tiff']);
export const fidelityGuard = z.enum(FIDELITY_GUARDS);
export const theme = z.enum(['system', 'light', 'dark']);
/** A print the output should cover at `dpi` dots per inch (jobs/print-size.ts): sides in cm, mm or inches. */
export const printSize = z.object({
  width: z.number().gt(0).max(10000),
  height: z.number().gt(0).max(10000),
  unit: z.enum(['cm', 'mm', 'in']),
  dpi: z.int().min(10).max(4800),
});
export type PrintSettings = z.infer<typeof printSize>;

/** Options of one restore, as the user sets them (defaults come from Settings). */
/** The look Auto chose for a photo and why, in a few words ("Natural", "noise 7.2 levels"). */
export const autoLookChoice = z.object({ name: z.string(), why: z.string() });
export type AutoLookChoice = z.infer<typeof autoLookChoice>;

export const restoreSettings = z.object({
  scale: z.union([z.literal(2), z.literal(3), z.literal(4)]),
  format: outputFormat,
  quality: z.int().min(1).max(100),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  strategy: z.enum(['greedy', 'sample']),
  temperature: z.number().gt(0).max(10),
  topK: z.int().min(0),
  topP: z.number().gt(0).max(1),
  fidelityGuard: fidelityGuard.optional(),
  prompt: z.string().max(500).optional(),
  cfg: z.number().min(0).max(20).optional(),
  // The photographer's controls (absent: the pack's output as is): how much of the model's detail to
  // keep (0 fidelity … 1 detail; up to 1.5 sharpens it), noise reduction before restoring, and the
  // output size by long edge, megapixels or a print to fill (its DPI written into the file) instead of `scale`.
  detail: z.number().min(0).max(MAX_DETAIL).optional(),
  denoise: z.number().min(0).max(1).optional(),
  // The look chosen for each photo from its noise, JPEG blocking and softness (jobs/auto-look.ts); detail
  // and denoise then give way to it.
  autoLook: z.boolean().optional(),
  longEdge: z.int().min(16).max(65535).optional(),
  megapixels: z.number().gt(0).max(1000).optional(),
  print: printSize.optional(),
});
export type RestoreSettings = z.infer<typeof restoreSettings>;

export const settings = z.object({
  // null: the bundled default pack; a bare name ("fast"): that bundled pack, so the choice survives the
  // app moving (an AppImage mounts at a new path every launch); else the full path of a pack folder.
  packDir: z.string().nullable(),
  provider: z.enum(['auto', 'cpu', 'cuda', 'dml', 'coreml']),
  threads: z.int().min(0).max(256), // 0: all cores
  memoryBudgetMB: z.int().min(64).max(65536),
  restore: restoreSettings,
  outputDir: z.string().nullable(), // null: next to each photo
  // 16: PNG and TIFF outputs of 8-bit photos in 16 bits too, keeping the restored gradations (a 16-bit
  // photo always gives 16 bits; JPEG and WebP are 8-bit whatever this says). Restore and Batch alike.
  outputDepth: z.union([z.literal(8), z.literal(16)]),
  namingTemplate: z.string().min(1).max(200), // {name} {scale} {format} {date}
  skipExisting: z.boolean(),
  // With skipExisting off: replace an earlier DVAR result at an output's name (false: a new name, -2, -3...).
  replaceEarlierResults: z.boolean(),
  recursive: z.boolean(),
  theme,
  // Where Start runs a batch: here, or on the workers of a Redis (BullMQ) queue server (electron/distributed).
  batchRunsOn: z.enum(['this-computer', 'queue-server']),
  // redis://[:password@]host:port[/db] or rediss://… (TLS); null: none. The host never sends the password
  // back: the window sees it as *** and sending *** back keeps the stored one.
  queueUrl: z.string().max(2000).nullable(),
  // The CA certificate (PEM) that signed a rediss:// queue server's certificate, when the studio runs its
  // own CA; null: the system's CAs. Kept as a full path (`~` and relative paths start from home).
  queueCaFile: z.string().max(4096).nullable(),
  // The Files view's first-launch welcome was put away (its Dismiss, or a first photo opened or queued):
  // it never shows again.
  welcomeDismissed: z.boolean(),
});
export type Settings = z.infer<typeof settings>;

/**
 * A photo in the Files list: where it is, its pixel size and its size on disk; `warning`, when present,
 * is one sentence its card shows (an animation of which only the first frame is restored).
 */
export const fileEntry = z.object({ path: z.string(), name: z.string(), width: z.int(), height: z.int(), bytes: z.int(), warning: z.string().optional() });
export type FileEntry = z.infer<typeof fileEntry>;

/** Tile indices first..last (inclusive) of the tiles that run together: the engine's ScaleEvent.group. */
export const tileSpan = tileSpanSchema;
export type TileSpan = z.infer<typeof tileSpan>;

// `rejected`: refused when added (no such file, not a photo); never runs, its row says why.
export const queueItemStatus = z.enum(['pending', 'running', 'done', 'failed', 'skipped', 'cancelled', 'rejected']);
export const queueItem = z.object({
  id: z.string(),
  input: z.string(),
  output: z.string().nullable(),
  status: queueItemStatus,
  progress: z.number().min(0).max(1),
  error: z.string().nullable(),
  ms: z.number().nullable(),
  /** The options the photo was restored with, from when it started (or was sent to the queue server); absent while it waits. */
  settings: restoreSettings.optional(),
  /** This photo's own options over the batch options (its look, its size), set on its row while it waits; absent or null: none. */
  own: restoreSettings.partial().nullable().optional(),
  /** The look Auto chose for the photo (settings.autoLook), once it started; absent otherwise. */
  look: autoLookChoice.nullable().optional(),
  /** Present once the photo was sent to the queue server: its job there, the worker on it and its pass. */
  remote: z
    .object({
      jobId: z.string(),
      worker: z.string().nullable(),
      // `group` is absent from workers older than the tile groups in progress words, `restorerNext` from
      // workers older than the restorer's step in them.
      pass: passPositionSchema.extend({ group: tileSpan.optional() }).nullable(),
    })
    .nullable()
    .optional(),
});
export type QueueItem = z.infer<typeof queueItem>;

export const queueState = z.object({
  items: z.array(queueItem),
  paused: z.boolean(),
  running: z.boolean(),
  settings: restoreSettings,
  outputDir: z.string().nullable(),
  etaMs: z.number().nullable(),
  /** Paused while a photo still runs: it finishes (nothing is thrown away), then the queue stops. */
  pausing: z.boolean().optional(),
  /** Earlier DVAR results that Start would replace ("Replace earlier DVAR results"); absent when none. */
  replaces: z.int().nonnegative().optional(),
  /** Time the waiting photos should take, from this machine's remembered speed; null before any was measured. */
  plannedMs: z.number().nullable().optional(),
  /**
   * This machine's remembered speed with the chosen pack and threads, in ms per megapixel of input (the
   * model always runs at its own upscale, so input pixels set the cost); null until a photo was measured.
   */
  msPerInputMP: z.number().nullable().optional(),
  /** The batch followed on a queue server (app/remote-batch.ts); null when none is. */
  remote: z
    .object({
      server: z.string(), // the URL with its password masked
      submissions: z.array(z.string()),
      workers: z.int().nullable(), // workers connected to the queue; null when the server does not say
      message: z.string().nullable(), // the latest thing to tell: cancelled photos, a lost connection
    })
    .nullable()
    .optional(),
});
export type QueueState = z.infer<typeof queueState>;

/** A pack's restoration branch as its manifest credits it (docs/pack-format.md, "Restoration branch"). */
export const packRestorer = z.object({ name: z.string(), licence: z.string(), credit: z.string() });
export type PackRestorer = z.infer<typeof packRestorer>;

export const packInfo = z.object({
  dir: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.string(),
  upscale: z.int(),
  text: z.boolean(),
  isDefault: z.boolean(),
  bundled: z.boolean(), // ships with the app (the default pack too)
  ref: z.string().nullable(), // what Settings.packDir holds when this pack is chosen
  card: z.string().nullable(), // markdown model card when the pack has one
  restorer: packRestorer.nullable(), // the restoration branch's network, credited in Settings
});
export type PackInfo = z.infer<typeof packInfo>;

/** A rectangle in the input photo's pixels. */
export const pixelRect = z.object({ x: z.int(), y: z.int(), width: z.int().positive(), height: z.int().positive() });
export type PixelRect = z.infer<typeof pixelRect>;

/**
 * A per-scale event as it crosses the process boundary: the engine's report (engine/progress-report.ts,
 * where its fields are declared) with the job, the photo's size and the preview, a PNG data URL of the
 * whole tile `tile` (input pixels; it may reach past `imageWidth` × `imageHeight` where small photos are
 * padded, so clip when drawing).
 */
export const scaleProgress = scaleReportSchema.extend({
  jobId: z.string(),
  imageWidth: z.int().positive(),
  imageHeight: z.int().positive(),
  /** Time left for this photo (electron/jobs/time-left.ts); null until there is enough to extrapolate. */
  etaMs: z.number().nullable().optional(),
  preview: z.string().nullable(),
});
export type ScaleProgress = z.infer<typeof scaleProgress>;

/** Request channels: name → [request schema, response schema]. */
export const requests = {
  // accelerators: the execution providers besides CPU that this computer can use (Settings offers only those).
  'app:info': [
    z.object({}),
    z.object({
      version: z.string(),
      provider: z.string(),
      providerReason: z.string(),
      logPath: z.string(),
      host: z.enum(['electron', 'web']),
      accelerators: z.array(z.enum(['cuda', 'dml', 'coreml'])).optional(),
    }),
  ],
  'settings:get': [z.object({}), settings],
  'settings:set': [settings.partial(), settings],
  // Settings' "Test connection": one plain sentence about the queue server (no url: the stored one;
  // caFile: the CA certificate as typed, null or empty for none; absent: the stored one).
  'settings:test-queue': [
    z.object({ url: z.string().max(2000).optional(), caFile: z.string().max(4096).nullable().optional() }),
    z.object({ ok: z.boolean(), message: z.string() }),
  ],
  'files:add': [z.object({ paths: z.array(z.string()).min(1), recursive: z.boolean() }), z.object({ files: z.array(fileEntry), errors: z.array(z.string()) })],
  'files:pick': [z.object({ folders: z.boolean() }), z.object({ paths: z.array(z.string()) })],
  'files:thumbnail': [z.object({ path: z.string(), maxSide: z.int().min(16).max(1024) }), z.object({ url: z.string() })],
  'files:image-url': [z.object({ path: z.string() }), z.object({ url: z.string() })],
  'files:reveal': [z.object({ path: z.string() }), z.object({})],
  // The shipped sample photo (the welcome's "Try a sample photo"), as a copy in the data folder, opened as
  // files:add opens a photo: the renderer adds the entry to its list and restores it like any other.
  'files:sample': [z.object({}), fileEntry],
  // region: restore only this crop of the photo (a preview, written to a temporary file). jobId: the id its
  // events will carry, chosen by the caller (a UUID, not one of a running restore) so that no event of
  // the job can arrive before the caller knows it; without it the host mints one.
  'restore:start': [
    z.object({ path: z.string(), settings: restoreSettings.optional(), region: pixelRect.optional(), jobId: z.uuid().optional() }),
    z.object({ jobId: z.string() }),
  ],
  'restore:cancel': [z.object({ jobId: z.string() }), z.object({})],
  'queue:get': [z.object({}), queueState],
  'queue:add': [z.object({ paths: z.array(z.string()).min(1), recursive: z.boolean() }), queueState],
  'queue:configure': [z.object({ settings: restoreSettings.optional(), outputDir: z.string().nullable().optional() }), queueState],
  // One waiting photo's own options over the batch options (Gigapixel's per-image settings); null: none.
  'queue:set-options': [z.object({ id: z.string(), settings: restoreSettings.partial().nullable() }), queueState],
  'queue:start': [z.object({}), queueState],
  'queue:pause': [z.object({}), queueState],
  'queue:cancel': [z.object({}), queueState],
  'queue:retry': [z.object({ id: z.string().optional() }), queueState], // no id: every failed item
  'queue:remove': [z.object({ id: z.string() }), queueState],
  'queue:clear-finished': [z.object({}), queueState],
  // Desktop only (the web host streams the same zip from GET /download-all): every finished result of the
  // queue as one zip, written where the user chooses in a save dialog. path null: the dialog was cancelled;
  // leftOut: results no longer there as photo files when they were read.
  'results:save-zip': [z.object({}), z.object({ path: z.string().nullable(), files: z.int().nonnegative(), leftOut: z.array(z.string()) })],
  'packs:list': [z.object({}), z.array(packInfo)],
  'packs:import': [z.object({ dir: z.string() }), packInfo],
} as const;

/** Event channels pushed by the host: name → payload schema. */
export const events = {
  'restore:progress': scaleProgress,
  // confidence: the detail-confidence heat overlay (PNG data URL, any size: stretch it over the result).
  // ms is null for a queue-server photo an earlier attempt wrote whose time the queue lost (distributed/restore-job.ts).
  // look: what Auto chose for the photo, when its options asked for Auto.
  'restore:done': z.object({
    jobId: z.string(),
    input: z.string(),
    output: z.string(),
    ms: z.number().nullable(),
    confidence: z.string().nullable().optional(),
    look: autoLookChoice.nullable().optional(),
  }),
  'restore:failed': z.object({ jobId: z.string(), input: z.string(), message: z.string(), cancelled: z.boolean() }),
  'queue:changed': queueState,
  'settings:changed': settings, // after every successful change, whichever view or window made it
  log: z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string() }),
} as const;

export type RequestChannel = keyof typeof requests;
export type EventChannel = keyof typeof events;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requests)[C][0]>;
export type ResponseOf<C extends RequestChannel> = z.infer<(typeof requests)[C][1]>;
export type EventOf<C extends EventChannel> = z.infer<(typeof events)[C]>;

/** What the renderer sees as `window.dvar` (Electron preload) or the WebSocket client (web host). */
export interface DvarApi {
  invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void): () => void;
}

/** Errors cross the boundary as one sentence; hosts never send stack traces to the renderer. */
export interface RequestFailure {
  message: string;
  code: string;
}

/** Electron's IPC answers in this envelope, so the window gets the host's sentence and code intact. */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: RequestFailure };

/** Validates a request on the host side; throws a one-sentence error naming the channel and field. */
export function parseRequest<C extends RequestChannel>(channel: C, payload: unknown): z.infer<(typeof requests)[C][0]> {
  const entry = requests[channel];
  if (!entry) throw new Error(`Unknown request channel "${String(channel)}".`);
  const result = entry[0].safeParse(payload ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`Invalid request on "${channel}": field "${issue.path.join('.') || '(payload)'}" ${issue.message}.`);
  }
  return result.data as z.infer<(typeof requests)[C][0]>;
}

export function isRequestChannel(name: string): name is RequestChannel {
  return Object.hasOwn(requests, name);
}
