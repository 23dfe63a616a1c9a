// The slice of Electron's main-process API this app uses, typed structurally. The `electron` package
// is an optional dependency (absent where its binary cannot be downloaded), so main.ts loads it with
// `require` and casts to this; everything else in electron/main takes these small interfaces and is
// unit-tested with fakes. Names and signatures follow Electron 41.

import type { SafeStorageApi } from './safe-storage.ts';

export interface ElectronEvent {
  preventDefault(): void;
}

export interface PowerSaveBlockerApi {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): boolean;
  isStarted(id: number): boolean;
}

export type ProgressBarMode = 'none' | 'normal' | 'indeterminate' | 'error' | 'paused';

export interface IpcMainApi {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface WebContentsApi {
  readonly id: number;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: ElectronEvent & { url: string }) => void): void;
  on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): void;
  on(event: 'render-process-gone', listener: (event: ElectronEvent, details: { reason: string; exitCode: number }) => void): void;
}

export interface BrowserWindowApi {
  readonly webContents: WebContentsApi;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  setProgressBar(progress: number, options?: { mode: ProgressBarMode }): void;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'closed' | 'unresponsive' | 'responsive', listener: () => void): void;
}

export interface BrowserWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: Record<string, unknown>;
}

export interface MessageBoxOptions {
  type: 'info' | 'question';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId?: number;
  cancelId?: number;
  noLink?: boolean;
}

export interface SessionApi {
  webRequest: {
    onHeadersReceived(
      listener: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

export interface SchemePrivileges {
  standard?: boolean;
  secure?: boolean;
  supportFetchAPI?: boolean;
  corsEnabled?: boolean;
  stream?: boolean;
  codeCache?: boolean;
}

export interface ElectronMain {
  app: {
    readonly isPackaged: boolean;
    getPath(name: 'userData' | 'logs' | 'downloads'): string;
    setPath(name: 'userData', path: string): void;
    getVersion(): string;
    getAppPath(): string;
    setAppUserModelId(id: string): void;
    requestSingleInstanceLock(): boolean;
    whenReady(): Promise<void>;
    quit(): void;
    exit(code?: number): void;
    on(event: 'second-instance', listener: (event: ElectronEvent, argv: string[], workingDirectory: string) => void): void;
    on(event: 'open-file', listener: (event: ElectronEvent, path: string) => void): void;
    on(event: 'web-contents-created', listener: (event: ElectronEvent, contents: WebContentsApi) => void): void;
    on(event: 'before-quit', listener: (event: ElectronEvent) => void): void;
    on(event: 'window-all-closed' | 'activate', listener: () => void): void;
  };
  BrowserWindow: new (options: BrowserWindowOptions) => BrowserWindowApi;
  safeStorage: SafeStorageApi;
  Menu: {
    buildFromTemplate(template: unknown[]): unknown;
    setApplicationMenu(menu: unknown): void;
  };
  Notification: {
    new (options: { title: string; body: string; silent?: boolean }): { show(): void };
    isSupported(): boolean;
  };
  dialog: {
    showOpenDialog(
      window: BrowserWindowApi,
      options: { title: string; properties: string[]; filters?: Array<{ name: string; extensions: string[] }> },
    ): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(
      window: BrowserWindowApi,
      options: { title: string; defaultPath: string; filters: Array<{ name: string; extensions: string[] }> },
    ): Promise<{ canceled: boolean; filePath?: string }>;
    showMessageBox(window: BrowserWindowApi, options: MessageBoxOptions): Promise<{ response: number }>;
    showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
    showErrorBox(title: string, content: string): void;
  };
  ipcMain: IpcMainApi;
  powerSaveBlocker: PowerSaveBlockerApi;
  protocol: {
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: SchemePrivileges }>): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
  };
  session: { defaultSession: SessionApi };
  shell: {
    openPath(path: string): Promise<string>;
    openExternal(url: string): Promise<void>;
    showItemInFolder(path: string): void;
  };
}
