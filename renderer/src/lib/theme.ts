// Applies the chosen theme to <html data-theme>, following the OS while the choice is "system".
import type { Settings } from '../../../electron/ipc/contract.ts';

const media = window.matchMedia('(prefers-color-scheme: dark)');
let current: Settings['theme'] = 'system';

function apply(): void {
  const resolved = current === 'system' ? (media.matches ? 'dark' : 'light') : current;
  document.documentElement.dataset.theme = resolved;
}

media.addEventListener('change', apply);

export function applyTheme(theme: Settings['theme']): void {
  current = theme;
  apply();
}
