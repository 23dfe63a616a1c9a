// The application menu as a plain template (Electron's MenuItemConstructorOptions shape): standard
// roles give every platform its usual shortcuts; our own items call the actions main.ts passes in.

export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator' | 'submenu';
  accelerator?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

export interface MenuActions {
  openFiles: () => void;
  openFolder: () => void;
  openLogFile: () => void;
  about: () => void;
}

const separator: MenuItem = { type: 'separator' };

export function buildMenuTemplate(actions: MenuActions, options: { platform: NodeJS.Platform; appName: string; dev: boolean }): MenuItem[] {
  const mac = options.platform === 'darwin';
  // `&` marks the Alt-key mnemonic on Windows and Linux; macOS menus have none.
  const title = (text: string) => (mac ? text.replace('&', '') : text);
  const about: MenuItem = { label: `About ${options.appName}`, click: actions.about };

  const appMenu: MenuItem = {
    label: options.appName,
    submenu: [about, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
  };
  const file: MenuItem = {
    label: title('&File'),
    submenu: [
      { label: 'Open Photos…', accelerator: 'CmdOrCtrl+O', click: actions.openFiles },
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openFolder },
      separator,
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItem = {
    label: title('&Edit'),
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItem = {
    label: title('&View'),
    submenu: [
      ...(options.dev ? [{ role: 'reload' }, { role: 'toggleDevTools' }, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItem = {
    label: title('&Window'),
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  const help: MenuItem = {
    label: title('&Help'),
    role: 'help',
    submenu: [{ label: 'Open Log File', click: actions.openLogFile }, ...(mac ? [] : [separator, about])],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, window, help];
}
