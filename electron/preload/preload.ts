// The sandboxed preload: exposes `window.dvar` (the contract's DvarApi) and nothing else.
// A sandboxed preload cannot load local files, so scripts/build-electron.mjs bundles this file and
// its imports into dist/preload.cjs; `require('electron')` is the one module the sandbox provides.
import { createDvarApi, type IpcRendererLike } from './api.ts';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the sandbox's one module (see header)
const { contextBridge, ipcRenderer, webUtils } = require('electron') as {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: IpcRendererLike;
  webUtils: { getPathForFile(file: File): string };
};

// Electron 32+ no longer gives dropped files a `path`; the renderer asks for it through this one call.
contextBridge.exposeInMainWorld('dvar', { ...createDvarApi(ipcRenderer), pathForFile: (file: File) => webUtils.getPathForFile(file) });
