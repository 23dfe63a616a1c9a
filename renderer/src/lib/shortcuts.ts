// Every keyboard shortcut, in one list: the help overlay renders it, so it cannot drift from the docs.
export interface Shortcut {
  keys: string[];
  action: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const shortcutGroups: ShortcutGroup[] = [
  {
    title: 'Everywhere',
    shortcuts: [
      { keys: ['1'], action: 'Files' },
      { keys: ['2'], action: 'Restore' },
      { keys: ['3'], action: 'Compare' },
      { keys: ['4'], action: 'Batch' },
      { keys: ['5'], action: 'Settings' },
      { keys: ['?'], action: 'Show or hide this help' },
      { keys: ['Tab', 'Shift+Tab'], action: 'Move between controls' },
    ],
  },
  {
    title: 'Files',
    shortcuts: [
      { keys: ['/'], action: 'Focus the path box' },
      { keys: ['Ctrl+V'], action: 'Paste paths to add them' },
      { keys: ['Ctrl+O'], action: 'Choose files (desktop app)' },
    ],
  },
  {
    title: 'Restore',
    shortcuts: [
      { keys: ['Esc'], action: 'Cancel the running restore' },
      { keys: ['C'], action: 'Compare the finished result' },
    ],
  },
  {
    title: 'Compare',
    shortcuts: [
      { keys: ['O', 'Space'], action: 'Hold to show the original' },
      { keys: ['M'], action: 'Switch slider / side by side' },
      { keys: ['Z'], action: 'Toggle fit / 1:1 pixels' },
      { keys: ['+', '−'], action: 'Zoom in / out' },
      { keys: ['0'], action: 'Fit to window' },
      { keys: ['L'], action: 'Toggle the loupe' },
      { keys: ['←', '→', '↑', '↓'], action: 'Pan (image focused) or move the divider (divider focused)' },
    ],
  },
  {
    title: 'Batch',
    shortcuts: [{ keys: ['P'], action: 'Pause or resume the queue' }],
  },
];
