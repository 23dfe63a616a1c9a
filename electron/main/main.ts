// The Electron main process: lifecycle, the one window, and wiring. Everything with logic lives in the
// plain modules beside this file (tested under test/main); this file only hands them Electron's objects.
// It runs bundled as CommonJS (scripts/build-electron.mjs → dist/electron/main.cjs), where `require`
// exists and `electron` is provided by the runtime; the package itself is optional in this repo.
import { join, resolve } from 'node:path';
import Store from 'electron-store';
import type { QueueState } from '../ipc/contract.ts';
import { createAppHost, createFileStore, type AppHost, type KeyValueStore } from '../app/host.ts';
import { appPaths } from './app-paths.ts';
import type { BrowserWindowApi, ElectronMain } from './electron-api.ts';
import { forwardHostEvents, registerRequestHandlers } from './ipc.ts';
import { pathsFromArgv } from './launch-args.ts';
import { openLogFile, type LogFile } from '../app/log-file.ts';
import { buildMenuTemplate } from './menu.ts';
import { createBatchNotifier } from './notify.ts';
import { createPowerGuard } from './power.ts';
import { createAppFileHandler, createImageUrls, IMAGE_TYPES, PRIVILEGED_SCHEMES } from './protocol.ts';
import { openExternalLink, type LinkConfirmOptions } from './external-links.ts';
import { keychainSealer } from './safe-storage.ts';
import { APP_ENTRY_URL, APP_SCHEME, IMAGE_SCHEME, isAllowedNavigation, secureWebPreferences, withCspHeader } from './security.ts';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- optional package, typed by electron-api.ts (see header)
const electron = require('electron') as ElectronMain;
const { app, BrowserWindow, dialog, shell } = electron;
const APP_NAME = 'DVAR Studio';
/** Longer than the engine client waits for a graph run in flight (120 s), so its sentence comes first. */
const QUIT_PATIENCE_MS = 150_000;

process.setSourceMapsEnabled(true);
// Tests and side-by-side profiles: a separate settings/queue/log folder (before the instance lock,
// which Electron keys on this folder).
if (process.env.DVAR_USER_DATA_DIR) app.setPath('userData', resolve(process.env.DVAR_USER_DATA_DIR));
electron.protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

let window: BrowserWindowApi | null = null;
let host: AppHost | null = null;
let log: LogFile | null = null;
// Files the OS asks us to open before the host is ready (macOS sends open-file before `ready`).
const pendingPaths: string[] = [];

function writeLog(level: 'info' | 'warn' | 'error', message: string): void {
  if (log) log.write(level, message);
  else console.error(message);
}

function createWindow(): BrowserWindowApi {
  const win = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 880,
    minHeight: 600,
    show: false,
    title: APP_NAME,
    backgroundColor: '#15171c',
    webPreferences: secureWebPreferences(appPaths(app.getAppPath()).preload),
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    window = null;
  });
  win.on('unresponsive', () => writeLog('warn', 'The window stopped responding.'));
  win.webContents.on('render-process-gone', (_event, details) =>
    writeLog('error', `The window's renderer ended (${details.reason}, exit code ${details.exitCode}).`),
  );
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function showWindow(): void {
  if (!window) window = createWindow();
  if (window.isMinimized()) window.restore();
  window.focus();
}

async function pickFiles(folders: boolean): Promise<string[]> {
  if (!window) return [];
  const result = await dialog.showOpenDialog(window, {
    title: folders ? 'Open folder' : 'Open photos',
    properties: folders ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
    filters: folders ? undefined : [{ name: 'Photos', extensions: Object.keys(IMAGE_TYPES).map((ext) => ext.slice(1)) }],
  });
  return result.canceled ? [] : result.filePaths;
}

/** Download all in the Batch view: where the zip of the results goes (the host writes it, save-results.ts). */
async function chooseZipPath(suggestedName: string): Promise<string | null> {
  if (!window) return null;
  const result = await dialog.showSaveDialog(window, {
    title: 'Save the results as one zip',
    defaultPath: join(app.getPath('downloads'), suggestedName),
    filters: [{ name: 'Zip archive', extensions: ['zip'] }],
  });
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** Menu, "Open with", second launch: the photos go into the batch queue (the window shows it). */
async function openPaths(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  if (!host) {
    pendingPaths.push(...paths);
    return;
  }
  showWindow();
  try {
    const settings = await host.handle('settings:get', {});
    await host.handle('queue:add', { paths, recursive: settings.recursive });
  } catch (error) {
    writeLog('warn', (error as Error).message);
    if (window)
      void dialog.showMessageBox(window, {
        type: 'info',
        title: APP_NAME,
        message: 'Could not add these photos.',
        detail: (error as Error).message,
        buttons: ['OK'],
      });
  }
}

async function showAbout(): Promise<void> {
  if (!window || !host) return;
  const info = await host.handle('app:info', {});
  const versions = `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`;
  await dialog.showMessageBox(window, {
    type: 'info',
    title: `About ${APP_NAME}`,
    message: `${APP_NAME} ${info.version}`,
    detail: `${info.providerReason}\n${versions}\nLog file: ${log?.path ?? ''}`,
    buttons: ['OK'],
  });
}

async function revealLogFile(): Promise<void> {
  if (!log) return;
  const error = await shell.openPath(log.path);
  if (error) shell.showItemInFolder(log.path);
}

/** electron-store over <userData>/config.json, opened as the web host opens conf (electron/app/store.ts). */
function openStore(): KeyValueStore {
  return createFileStore(app.getPath('userData'), 'config', (message) => writeLog('warn', message), Store);
}

/** The link question, over the window when there is one. */
function confirmLink(options: LinkConfirmOptions): Promise<{ response: number }> {
  return window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
}

function guardWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      void openExternalLink(url, { confirm: confirmLink, open: (href) => shell.openExternal(href) })
        .then((outcome) => {
          if (outcome === 'blocked') writeLog('warn', `Blocked a link to ${url}.`);
        })
        .catch((error: Error) => writeLog('warn', `Could not open ${url}: ${error.message}`));
      return { action: 'deny' };
    });
    const guard = (event: { url: string; preventDefault(): void }) => {
      if (isAllowedNavigation(event.url)) return;
      event.preventDefault();
      writeLog('warn', `Blocked navigation to ${event.url}.`);
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const logFile = openLogFile(join(userData, 'logs'));
  log = logFile;
  writeLog('info', `${APP_NAME} ${app.getVersion()} starting (Electron ${process.versions.electron}, ${process.platform}-${process.arch}).`);
  app.setAppUserModelId('studio.dvar.app'); // Windows: notifications need it (matches build/electron-builder.yml appId)

  const session = electron.session.defaultSession;
  session.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCspHeader(details.responseHeaders) }));
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  const paths = appPaths(app.getAppPath());
  const images = createImageUrls({ canServe: (path) => host?.canServe(path) ?? false });
  electron.protocol.handle(APP_SCHEME, createAppFileHandler(paths.renderer));
  electron.protocol.handle(IMAGE_SCHEME, images.handle);

  const keychain = keychainSealer(electron.safeStorage); // only after app ready
  writeLog('info', `Settings: ${keychain.words}.`);
  const appHost = await createAppHost({
    userDataDir: userData,
    hostKind: 'electron',
    version: app.getVersion(),
    store: openStore(),
    secrets: keychain.sealer ?? undefined,
    imageUrl: images.imageUrl,
    thumbnailUrl: images.thumbnailUrl,
    pickFiles,
    reveal: (path) => Promise.resolve(shell.showItemInFolder(path)),
    saveFile: chooseZipPath,
    log: writeLog, // the host's lines go to main.log only: one log file, the one Help → Open Log File shows
    logPath: logFile.path,
    defaultPackDir: paths.defaultPack,
    modelCardsDir: paths.modelCards,
    samplePhoto: paths.samplePhoto,
  });
  host = appHost;

  registerRequestHandlers(electron.ipcMain, appHost);
  forwardHostEvents(appHost, (channel, payload) => {
    if (window && !window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(channel, payload);
  });
  const power = createPowerGuard(electron.powerSaveBlocker);
  const onQueueChanged = createBatchNotifier({
    setProgressBar: (progress, mode) => window?.setProgressBar(progress, { mode }),
    isFocused: () => window?.isFocused() ?? false,
    notify: (title, body) => {
      if (electron.Notification.isSupported()) new electron.Notification({ title, body }).show();
    },
  });
  appHost.on((channel, payload) => {
    power.update(channel, payload);
    if (channel === 'queue:changed') onQueueChanged(payload as QueueState);
  });

  const template = buildMenuTemplate(
    {
      openFiles: () => void pickFiles(false).then(openPaths),
      openFolder: () => void pickFiles(true).then(openPaths),
      openLogFile: () => void revealLogFile(),
      about: () => void showAbout().catch((error: Error) => writeLog('warn', error.message)),
    },
    { platform: process.platform, appName: APP_NAME, dev: !app.isPackaged },
  );
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template));

  showWindow();
  await openPaths([...pendingPaths.splice(0), ...pathsFromArgv(process.argv, { cwd: process.cwd(), appPath: app.getAppPath() })]);

  // Quitting waits for the host to close (engine worker, queue state), then quits for real. The close
  // waits for the engine's graph run in flight: ending its thread mid-run aborts the app. A close that
  // fails or never ends may leave that thread inside a run, and quitting would wait on it (then abort),
  // so the app then leaves at once, as a kill would; the queue on disk already says what resumes.
  let quit: 'no' | 'closing' | 'closed' = 'no';
  app.on('before-quit', (event) => {
    if (quit === 'closed') return;
    event.preventDefault();
    if (quit === 'closing') return;
    quit = 'closing';
    host = null;
    power.dispose();
    const leaveNow = (why: string) => {
      writeLog('error', `${why} DVAR Studio left without waiting for it.`);
      process.kill(process.pid, 'SIGKILL');
    };
    const patience = setTimeout(() => leaveNow(`The host did not close within ${QUIT_PATIENCE_MS / 1000} s.`), QUIT_PATIENCE_MS);
    appHost.close().then(
      () => {
        clearTimeout(patience);
        quit = 'closed';
        writeLog('info', 'Quit.');
        app.quit();
      },
      (error: Error) => leaveNow(`Closing the host failed: ${error.message}`),
    );
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit(); // another instance is running: it gets our argv through 'second-instance'
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (host) showWindow();
    void openPaths(pathsFromArgv(argv, { cwd: workingDirectory, appPath: app.getAppPath() }));
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openPaths([path]);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit(); // macOS: a batch keeps running with the window closed
  });
  app.on('activate', () => {
    if (host) showWindow();
  });
  process.on('uncaughtException', (error) => writeLog('error', `Uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) =>
    writeLog('error', `Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`),
  );
  guardWebContents();
  start().catch((error: Error) => {
    writeLog('error', `Start-up failed: ${error.stack ?? error.message}`);
    dialog.showErrorBox(`${APP_NAME} could not start`, error.message);
    app.exit(1);
  });
}
