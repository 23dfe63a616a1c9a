// The application menu: standard roles and shortcuts, our own items wired to their actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMenuTemplate, type MenuItem } from '../../electron/main/menu.ts';

function menu(platform: NodeJS.Platform, dev = false) {
  const calls: string[] = [];
  const actions = {
    openFiles: () => calls.push('files'),
    openFolder: () => calls.push('folder'),
    openLogFile: () => calls.push('log'),
    about: () => calls.push('about'),
  };
  return { template: buildMenuTemplate(actions, { platform, appName: 'DVAR Studio', dev }), calls };
}

const labels = (items: MenuItem[]) => items.map((item) => item.label);
const roles = (item: MenuItem | undefined) => (item?.submenu ?? []).map((entry) => entry.role).filter(Boolean);
const find = (items: MenuItem[], label: string) => items.find((item) => item.label?.replace('&', '') === label);

test('Windows/Linux: File, Edit, View, Window, Help with mnemonics and standard roles', () => {
  const { template, calls } = menu('win32');
  assert.deepEqual(labels(template), ['&File', '&Edit', '&View', '&Window', '&Help']);
  const file = find(template, 'File')!.submenu!;
  assert.deepEqual(
    file.filter((i) => i.accelerator).map((i) => [i.label, i.accelerator]),
    [
      ['Open Photos…', 'CmdOrCtrl+O'],
      ['Open Folder…', 'CmdOrCtrl+Shift+O'],
    ],
  );
  assert.ok(roles(find(template, 'File')).includes('quit'));
  assert.deepEqual(roles(find(template, 'Edit')), ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  assert.deepEqual(roles(find(template, 'View')), ['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  const help = find(template, 'Help')!.submenu!;
  assert.deepEqual(
    help.filter((i) => i.label).map((i) => i.label),
    ['Open Log File', 'About DVAR Studio'],
  );
  for (const item of [...file, ...help]) item.click?.();
  assert.deepEqual(calls, ['files', 'folder', 'log', 'about']);
});

test('macOS: the app menu first with About and Quit, no mnemonics, Window roles', () => {
  const { template } = menu('darwin');
  assert.deepEqual(labels(template), ['DVAR Studio', 'File', 'Edit', 'View', 'Window', 'Help']);
  const appMenu = template[0]!.submenu!;
  assert.equal(appMenu[0]!.label, 'About DVAR Studio');
  assert.ok(roles(template[0]).includes('quit'));
  assert.ok(roles(find(template, 'File')).includes('close'));
  assert.deepEqual(roles(find(template, 'Window')), ['minimize', 'zoom', 'front']);
  assert.deepEqual(
    find(template, 'Help')!.submenu!.map((i) => i.label),
    ['Open Log File'],
  );
});

test('reload and developer tools only in development', () => {
  assert.deepEqual(roles(find(menu('linux', true).template, 'View')).slice(0, 2), ['reload', 'toggleDevTools']);
  assert.ok(!roles(find(menu('linux', false).template, 'View')).includes('toggleDevTools'));
});
