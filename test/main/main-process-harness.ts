// Runs the bundled main process (dist/electron/main.cjs) in plain Node against a recording fake of
// Electron's main-process API, drives it the way the window and the OS would, and prints one JSON
// report on stdout for main-process.test.ts. Electron itself cannot run on these machines; this
// checks everything main.ts wires up short of a real window.
// Usage: DVAR_USER_DATA_DIR=… DVAR_TEST_PACK=<pack> node --import tsx test/main/main-process-harness.ts <photosDir>
// (the photos folder is a command-line argument on purpose: main opens it into the queue, as it would
// for `dvar-studio <folder>`).
import Module, { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.ts';

const photosDir = process.argv[2]!;
const packDir = process.env.DVAR_TEST_PACK!;
const APP = 'app://dvar/index.html';
type Handler = (event: { senderFrame: { url: string } }, payload: unknown) => Promise<unknown>;
type Prevented = { url: string; prevented: boolean; preventDefault(): void };

const record = {
  schemes: [] as string[],
  protocols: new Map<string, (request: Request) => Promise<Response>>(),
  handlers: new Map<string, Handler>(),
  sent: [] as Array<[string, unknown]>,
  windows: [] as BrowserWindow[],
  power: [] as string[],
  menu: null as null | Array<{ label?: string }>,
  headersListener: null as null | ((details: object, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void),
  permissionRequest: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheck: null as null | (() => boolean),
  external: [] as string[],
  dialogs: [] as string[],
  saveDialogs: [] as string[],
  errors: [] as string[],
  quitCalls: 0,
};
let userData = '';

const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getPath: (name: string) => (name === 'userData' ? userData : join(userData, name)),
  setPath: (_name: string, path: string) => void (userData = path),
  getVersion: () => '0.0.0-test',
  getAppPath: () => REPO_ROOT,
  setAppUserModelId: () => undefined,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  quit: () => void record.quitCalls++,
  exit: (code: number) => process.exit(code),
});

class WebContents extends EventEmitter {
  id = 1;
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown) {
    record.sent.push([channel, payload]);
  }
  isDestroyed = () => false;
  setWindowOpenHandler(handler: WebContents['openHandler']) {
    this.openHandler = handler;
  }
}

class BrowserWindow extends EventEmitter {
  webContents = new WebContents();
  url: string | null = null;
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    this.url = url;
  }
  show = () => undefined;
  focus = () => undefined;
  restore = () => undefined;
  isMinimized = () => false;
  isFocused = () => false;
  isDestroyed = () => false;
  setProgressBar = () => undefined;
}

const electron = {
  app,
  BrowserWindow,
  Menu: {
    buildFromTemplate: (template: Array<{ label?: string }>) => template,
    setApplicationMenu: (menu: Array<{ label?: string }>) => void (record.menu = menu),
  },
  Notification: class {
    static isSupported = () => true;
    show() {}
  },
  dialog: {
    showOpenDialog: async () => ({ canceled: false, filePaths: [photosDir] }),
    // Download all's save dialog: notes the name it suggested, answers a zip beside the photos' folder.
    showSaveDialog: async (_window: unknown, options: { defaultPath: string }) => {
      record.saveDialogs.push(options.defaultPath);
      return { canceled: false, filePath: join(photosDir, '..', 'all-results.zip') };
    },
    // Answers "Open in browser" to the link question (and OK to anything else), noting what it named.
    showMessageBox: async (...args: Array<{ detail: string; buttons: string[] }>) => {
      const options = args.at(-1)!;
      record.dialogs.push(options.detail);
      return { response: Math.max(0, options.buttons.indexOf('Open in browser')) };
    },
    showErrorBox: (title: string, content: string) => void record.errors.push(`${title}: ${content}`),
  },
  ipcMain: {
    handle: (channel: string, handler: Handler) => void record.handlers.set(channel, handler),
    removeHandler: (channel: string) => void record.handlers.delete(channel),
    on: () => undefined, // electron-store's renderer bridge (unused: the preload does not expose it)
  },
  // A keychain whose "encryption" reverses the text behind a marker: visible, reversible, not the password.
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (plain: string) => Buffer.from(`fake:${[...plain].reverse().join('')}`),
    decryptString: (sealed: Buffer) => [...sealed.toString().slice(5)].reverse().join(''),
  },
  powerSaveBlocker: {
    start: (type: string) => (record.power.push(`start ${type}`), 7),
    stop: (id: number) => (record.power.push(`stop ${id}`), true),
    isStarted: () => true,
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: Array<{ scheme: string }>) => void record.schemes.push(...schemes.map((s) => s.scheme)),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void record.protocols.set(scheme, handler),
  },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (listener: typeof record.headersListener) => void (record.headersListener = listener) },
      setPermissionRequestHandler: (handler: typeof record.permissionRequest) => void (record.permissionRequest = handler),
      setPermissionCheckHandler: (handler: typeof record.permissionCheck) => void (record.permissionCheck = handler),
    },
  },
  shell: {
    openPath: async () => '',
    openExternal: async (url: string) => void record.external.push(url),
    showItemInFolder: () => undefined,
  },
};

const loader = Module as unknown as { _load: (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown };
const load = loader._load;
loader._load = function (request, parent, isMain) {
  return request === 'electron' ? electron : load.call(this, request, parent, isMain);
};

async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (record.errors.length) throw new Error(record.errors.join('; '));
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const invoke = (channel: string, payload: unknown, url = APP) =>
  record.handlers.get(channel)!({ senderFrame: { url } }, payload) as Promise<{ ok: boolean; value?: any; error?: any }>;
const fetchVia = async (scheme: string, url: string) => {
  const response = await record.protocols.get(scheme)!(new Request(url));
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    csp: response.headers.get('content-security-policy'),
    bytes: (await response.arrayBuffer()).byteLength,
  };
};

process.argv = [process.execPath, REPO_ROOT, photosDir]; // as `electron . <folder>` would start it
createRequire(import.meta.url)(join(REPO_ROOT, 'dist', 'electron', 'main.cjs'));
const report: Record<string, unknown> = { schemesBeforeReady: [...record.schemes], userData };
const window = await until('the window', () => record.windows[0]);
await until('the window URL', () => window.url);

report.window = { url: window.url, webPreferences: window.options.webPreferences };
let headers: Record<string, string[]> = {};
record.headersListener!({ responseHeaders: { 'X-Test': ['1'] } }, (response) => void (headers = response.responseHeaders));
report.headers = headers;
let granted: boolean | null = null;
record.permissionRequest!({}, 'media', (value) => void (granted = value));
report.permission = { granted, check: record.permissionCheck!() };
report.channels = [...record.handlers.keys()];
report.menu = record.menu!.map((item) => item.label);
report.queuedFromArgv = await until('the command-line folder in the queue', async () => {
  const state = await invoke('queue:get', {});
  return state.value.items.length > 0 ? (state.value.items.map((item: { input: string }) => item.input) as string[]) : null;
});

// Navigation and window.open on the window's webContents (guarded through 'web-contents-created').
const webContents = window.webContents;
const navigations = ['https://example.com/', APP].map((url) => {
  const event: Prevented = { url, prevented: false, preventDefault: () => void (event.prevented = true) };
  webContents.emit('will-navigate', event);
  return [url, event.prevented];
});
report.navigation = Object.fromEntries(navigations);
report.windowOpen = [webContents.openHandler!({ url: 'https://example.com/help' }), webContents.openHandler!({ url: 'file:///etc/passwd' })];
report.external = await until('the confirmed link to open', () => (record.external.length > 0 ? record.external : null));
report.linkQuestions = record.dialogs.filter((detail) => detail.includes('://'));

// Requests as the renderer makes them, through ipcMain → host.
report.foreign = await invoke('settings:get', {}, 'https://evil.example/');
report.invalid = await invoke('files:add', { paths: [] });
report.pick = await invoke('files:pick', { folders: true });
const added = await invoke('files:add', { paths: [photosDir], recursive: false });
report.added = added;
const photo = added.value.files[0].path as string;
const image = await invoke('files:image-url', { path: photo });
report.image = { url: image.value.url, fetched: await fetchVia('dvar-image', image.value.url) };
report.page = await fetchVia('app', APP);

// One restore with the fixture pack: the bundle starts dist/electron/engine-worker.cjs.
await invoke('settings:set', { packDir });
const started = await invoke('restore:start', { path: photo });
report.started = started;
const ending = await until('the restore to end', () => record.sent.find(([channel]) => channel === 'restore:done' || channel === 'restore:failed'), 120_000);
report.restore = ending;
report.progressEvents = record.sent.filter(([channel]) => channel === 'restore:progress').length;
report.power = [...record.power];

// Download all: the queue's photo (from the command line) finishes, then its result goes into a zip
// where the save dialog said.
await invoke('queue:start', {});
const finished = await until(
  'the queue to finish',
  async () => {
    const items = (await invoke('queue:get', {})).value.items as Array<{ status: string; output: string | null }>;
    return items.every((item) => item.status === 'done' || item.status === 'skipped') ? items : null;
  },
  120_000,
);
report.queueOutputs = finished.map((item) => item.output);
report.savedZip = await invoke('results:save-zip', {});
report.saveDialogs = record.saveDialogs;
report.info = await invoke('app:info', {});
report.hostLogExists = existsSync(join(userData, 'logs', 'host.log'));
// The queue password goes to the keychain's encryption, never into config.json in clear.
await invoke('settings:set', { queueUrl: 'redis://:hunter2@127.0.0.1:6390' });
report.queueUrlBack = (await invoke('settings:get', {})).value.queueUrl;
report.config = readFileSync(join(userData, 'config.json'), 'utf8');
report.modes = Object.fromEntries(
  ['.', 'config.json', 'logs', 'logs/main.log'].map((name) => [name, (statSync(join(userData, name)).mode & 0o777).toString(8)]),
);

// Quit: main waits for the host to close, then quits for real.
const quitEvent = { prevented: false, preventDefault: () => void (quitEvent.prevented = true) };
app.emit('before-quit', quitEvent);
await until('app.quit after the host closed', () => record.quitCalls > 0, 20_000);
report.quit = { prevented: quitEvent.prevented, quitCalls: record.quitCalls };
report.log = readFileSync(join(userData, 'logs', 'main.log'), 'utf8');
report.errors = record.errors;

process.stdout.write(`\n@@REPORT ${JSON.stringify(report)}\n`);
process.exit(0);
